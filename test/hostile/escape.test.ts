// A learner is root in every lab host. From there, every way out must fail: the host's services,
// another learner's lab, the outside world, the kernel, devices, mounts. Each test asserts the
// failure itself, not just "no crash". Traffic goes only to this machine's lab and loopback addresses.
import { createSocket, type Socket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../server/engine/types.js';
import type { Curriculum } from '../../server/curriculum/index.js';
import type { LabManager } from '../../server/lab/manager.js';
import type { Lab } from '../../server/lab/types.js';
import { blueprintOf } from '../../server/exercise-lab.js';
import { LABS_COURSE, testLabManager } from '../helpers/engine.js';

describe('escape and reach from a lab host (root inside)', () => {
  let labs: LabManager;
  let curriculum: Curriculum;
  let mine: Lab;
  let theirs: Lab;
  let engine: Engine;
  let hostService: Server;
  let hostUdp: Socket;
  /** Datagrams the host's UDP service received: none may come from a lab. */
  const datagrams: string[] = [];
  const HOST_PORT = 47311;
  beforeAll(async () => {
    ({ labs, curriculum, engine } = await testLabManager({ curriculumDir: LABS_COURSE }));
    const bp = blueprintOf(curriculum.exercises.get('web-serve')!);
    [mine, theirs] = await Promise.all([
      labs.start({ learner: 'mallory', blueprint: bp }).then((l) => labs.ready(l.id)),
      labs.start({ learner: 'victim', blueprint: bp }).then((l) => labs.ready(l.id)),
    ]);
    // Services on the host listening on every address, IPv4 and IPv6, TCP and UDP, as a careless
    // admin would run them.
    hostService = createServer((s) => s.end('host secret\n')).listen(HOST_PORT, '::');
    hostUdp = createSocket({ type: 'udp6', ipv6Only: false }).on('message', (m) => datagrams.push(m.toString()));
    await new Promise<void>((resolve) => hostUdp.bind(HOST_PORT, '::', resolve));
    await labs.run({ lab: theirs, host: 'web', script: 'echo victim-page > /var/www/html/index.html; nginx', timeoutMs: 10_000 });
  });
  afterAll(async () => {
    hostService?.close();
    hostUdp?.close();
    await labs?.close({ destroyAll: true });
  });

  const sh = async (script: string, host = 'client') => {
    const r = await labs.run({ lab: mine, host, script, timeoutMs: 20_000 });
    return { code: r.exitCode, out: r.output.trim() };
  };

  /** Every (host, network) of the lab, with the host's interface on it and the network's gateway (the engine host). */
  const PLACES = [
    ['client', 'lan', 'eth0'],
    ['web', 'lan', 'eth0'],
    ['web', 'back', 'eth1'],
  ] as const;
  const gatewayOf = (net: string) => mine.subnets[net]!.replace(/\.0\/\d+$/, '.1');
  /** The IPv6 link-local address the engine host has on a lab network's bridge (read on the host). */
  const bridgeLinkLocal = async (net: string): Promise<string | undefined> => {
    const index = Object.keys(mine.subnets).indexOf(net);
    const info = await engine.docker.getNetwork(mine.networkIds[index]!).inspect();
    const bridge = info.Options?.['com.docker.network.bridge.name'] ?? `br-${String(info.Id).slice(0, 12)}`;
    const line = readFileSync('/proc/net/if_inet6', 'utf8')
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .find((f) => f[5] === bridge && f[3] === '20');
    const hex = line?.[0];
    return hex === undefined ? undefined : hex.match(/.{4}/g)!.join(':');
  };
  /** Tries TCP (curl) and UDP (socat) to the host's services; prints `tcp:<what curl got> rc=N`. */
  const tryHost = (target: string, tag: string, opts: { v6?: boolean; from?: string } = {}) => {
    const bind = opts.from ? `,bind=${opts.from}` : '';
    const iface = opts.from ? `--interface ${opts.from}` : '';
    const url = opts.v6 ? `[${target}]` : target;
    return [
      `echo ${tag} | socat -u - UDP${opts.v6 ? 6 : 4}-SENDTO:${url}:${HOST_PORT}${bind} 2>/dev/null`,
      `echo "tcp:$(curl -s -m 3 ${iface} telnet://${url}:${HOST_PORT} </dev/null) rc=$?"`,
    ].join('\n');
  };
  const udpArrived = async (tag: string) => {
    await new Promise((r) => setTimeout(r, 500));
    return datagrams.filter((d) => d.includes(tag));
  };

  it.each(PLACES)('cannot reach a host service from %s through its gateway on %s (IPv4, TCP and UDP)', async (host, net) => {
    const tag = `v4-${host}-${net}`;
    const r = await sh(tryHost(gatewayOf(net), tag), host);
    expect(r.out).not.toContain('host secret');
    expect(r.out).toMatch(/^tcp: rc=(7|28)$/);
    expect(await udpArrived(tag)).toEqual([]);
  });

  // A learner chooses their addresses: a rule keyed on the pool's source addresses let these through.
  it.each(PLACES)('cannot reach a host service from %s on %s from an address outside the pool', async (host, net, dev) => {
    const tag = `outside-${host}-${net}`;
    const from = '192.168.77.5';
    const r = await sh(`ip addr add ${from}/24 dev ${dev}\n${tryHost(gatewayOf(net), tag, { from })}\nip addr del ${from}/24 dev ${dev}`, host);
    expect(r.out).not.toContain('host secret');
    expect(r.out).toMatch(/^tcp: rc=(7|28)$/);
    expect(await udpArrived(tag)).toEqual([]);
  });

  // Docker leaves IPv6 off in the lab, but net sysctls are the learner's: turned on, the lab gets a
  // link-local address, and so does the bridge on the engine host.
  const enableIpv6 = (dev: string) =>
    `for c in all default ${dev}; do sysctl -qw net.ipv6.conf.$c.accept_dad=0; done
for c in all default ${dev}; do sysctl -qw net.ipv6.conf.$c.disable_ipv6=0; done
for i in $(seq 50); do ip -6 addr show dev ${dev} scope link -tentative | grep -q inet6 && break; sleep 0.1; done
ip -6 addr show dev ${dev} scope link -tentative | grep -q inet6 || echo "no usable link-local address"`;

  it.each(PLACES)('cannot reach a host service from %s on %s over IPv6 (link-local gateway, all-nodes multicast)', async (host, net, dev) => {
    const tag = `v6-${host}-${net}`;
    const gw6 = await bridgeLinkLocal(net);
    expect(gw6, 'the bridge has an IPv6 link-local address on this engine: the attack has a target').toMatch(/^fe80:/);
    const r = await sh(`${enableIpv6(dev)}\n${tryHost(`${gw6}%${dev}`, tag, { v6: true })}\necho ${tag}-multicast | socat -u - UDP6-SENDTO:[ff02::1%${dev}]:${HOST_PORT} 2>/dev/null; true`, host);
    expect(r.out).not.toContain('host secret');
    expect(r.out).toMatch(/^tcp: rc=(7|28)$/);
    expect(await udpArrived(tag)).toEqual([]);
  });

  it('cannot reach the Docker API over TCP on any gateway: IPv4, outside the pool, IPv6', async () => {
    for (const [host, net, dev] of PLACES) {
      const gw6 = await bridgeLinkLocal(net);
      const v4 = [dev, '192.168.77.6'].flatMap((from) => [2375, 2376].map((p) => `curl -s -m 2 --interface ${from} http://${gatewayOf(net)}:${p}/version &`));
      const v6 = [2375, 2376].map((p) => `curl -s -g -m 2 http://[${gw6}%25${dev}]:${p}/version &`);
      const attempts = [...v4, ...v6];
      const r = await sh(`ip addr add 192.168.77.6/24 dev ${dev}\n${enableIpv6(dev)}\n${attempts.join('\n')}\nwait\nip addr del 192.168.77.6/24 dev ${dev}\necho done`, host);
      expect(r.out).not.toContain('ApiVersion');
      expect(r.out).toBe('done');
    }
  });

  it("cannot reach another learner's lab, even after adding routes", async () => {
    const r = await sh(`ip route add ${theirs.subnets.lan} via ${mine.subnets.lan!.replace(/\.0\/\d+$/, '.1')} 2>&1; curl -s -m 3 http://${theirs.env.WEB_IP}/; echo "rc=$?"`);
    expect(r.out).not.toContain('victim-page');
    expect(r.out).toMatch(/rc=(7|28)/);
  });

  it('has no route out of the lab, and even with a default route via the gateway no metadata service answers', async () => {
    const before = await sh('ip route show default | wc -l; ip -6 route show default | wc -l');
    expect(before.out).toBe('0\n0');
    // The learner owns the routing table: add the routes and actually try, from a pool address and
    // from one outside it. AWS/GCP/Azure 169.254.169.254, AWS ECS 169.254.170.2, Alibaba
    // 100.100.100.200, AWS IPv6 fd00:ec2::254; 192.0.2.1 stands for the outside world.
    const gw6 = await bridgeLinkLocal('lan');
    const targets = ['169.254.169.254', '169.254.170.2', '100.100.100.200', '192.0.2.1', '[fd00:ec2::254]'];
    const tries = targets.flatMap((t) => [
      `echo "${t} pool:$(curl -s -g -m 3 http://${t}/ </dev/null) rc=$?" &`,
      `echo "${t} outside:$(curl -s -g -m 3 --interface 192.168.77.7 http://${t}/ </dev/null) rc=$?" &`,
    ]);
    const r = await sh(
      [
        enableIpv6('eth0'),
        'ip addr add 192.168.77.7/24 dev eth0',
        `ip route add default via ${gatewayOf('lan')}`,
        `ip -6 route add default via ${gw6} dev eth0`,
        'echo "routes: $(ip route show default | wc -l) $(ip -6 route show default | wc -l)"',
        ...tries,
        'wait',
        'ip route del default; ip -6 route del default; ip addr del 192.168.77.7/24 dev eth0',
      ].join('\n'),
    );
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('routes: 1 1');
    expect(lines.slice(1).sort()).toHaveLength(targets.length * 2);
    for (const line of lines.slice(1)) expect(line).toMatch(/^\S+ (pool|outside): rc=(7|28)$/);
  });

  it("cannot change the machine's hostname; a change the lab makes stays in the lab", async () => {
    const machine = readFileSync('/proc/sys/kernel/hostname', 'utf8').trim();
    const r = await sh('{ hostname evil-lab; echo evil-lab > /proc/sys/kernel/hostname; sysctl -qw kernel.hostname=evil-lab; } 2>/dev/null; hostname');
    expect(readFileSync('/proc/sys/kernel/hostname', 'utf8').trim()).toBe(machine);
    expect(hostname()).toBe(machine);
    expect(machine).not.toBe('evil-lab');
    // Refused, or the lab's own UTS namespace: either way no other host, lab or the machine sees it.
    expect(['client', 'evil-lab']).toContain(r.out);
    expect((await sh('hostname', 'web')).out).toBe('web');
    expect((await labs.run({ lab: theirs, host: 'client', script: 'hostname', timeoutMs: 10_000 })).stdout.trim()).toBe('client');
  });

  // Each path on its own: `ls A B` passed as soon as either one was missing.
  it.each([
    '/var/run/docker.sock',
    '/run/docker.sock',
    '/run/docker',
    '/var/run/docker',
    '/var/lib/docker',
    '/run/containerd',
    '/run/containerd/containerd.sock',
    '/var/run/containerd/containerd.sock',
    '/var/lib/containerd',
    '/run/docker/containerd/containerd.sock',
    '/run/podman/podman.sock',
    '/run/buildkit/buildkitd.sock',
    '/run/user/0/docker.sock',
  ])('cannot see %s', async (path) => {
    for (const host of ['client', 'web']) {
      const r = await sh(`if [ -e ${path} ] || [ -L ${path} ]; then echo present; else echo absent; fi`, host);
      expect(r.out, `${path} on ${host}`).toBe('absent');
    }
  });

  it('has no unix socket of the engine anywhere in its filesystem, and none answers the Docker API', async () => {
    for (const host of ['client', 'web']) {
      const r = await sh(
        `find / \\( -path /proc -o -path /sys \\) -prune -o -type s -print 2>/dev/null | while read -r s; do echo "socket $s"; curl -s -m 2 --unix-socket "$s" http://x/version </dev/null; done
awk 'NR > 1 && $8 ~ /^\\// { print "bound " $8 }' /proc/net/unix | grep -Ei 'docker|containerd|podman|buildkit'; echo searched`,
        host,
      );
      expect(r.out, host).toBe('searched');
    }
  });

  it.each([
    ['mount a filesystem', 'mount -t tmpfs none /mnt'],
    ['load a kernel module', 'modprobe ip_vs'],
    ['create a device node', 'mknod /tmp/sda b 8 0'],
    ['read raw kernel memory', 'head -c 16 /dev/mem'],
    ['write a kernel (non-network) sysctl', 'echo "|/tmp/x" > /proc/sys/kernel/core_pattern'],
    ['write a vm sysctl', 'echo 3 > /proc/sys/vm/drop_caches'],
    ['trigger sysrq', 'echo b > /proc/sysrq-trigger'],
    ['unshare a user namespace to gain capabilities', 'unshare -Ur true'],
    ['change the system clock', 'date -s "2001-01-01"'],
  ])('cannot %s', async (_what, cmd) => {
    const r = await sh(`${cmd} >/dev/null 2>&1; echo "rc=$?"`);
    expect(r.out).not.toBe('rc=0');
  });

  it('can still do what the exercises need: net sysctls, addresses, raw sockets', async () => {
    const r = await sh('echo 1 > /proc/sys/net/ipv4/conf/all/arp_ignore && ip addr add 10.99.0.1/32 dev lo && arping -c1 -w2 -I eth0 $WEB_IP >/dev/null && echo ok');
    expect(r.out).toBe('ok');
  });
});
