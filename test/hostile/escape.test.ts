// A learner is root in every lab host. From there, every way out must fail: the host's services,
// another learner's lab, the outside world, the kernel, devices, mounts. Each test asserts the
// failure itself, not just "no crash". Traffic goes only to this machine's lab and loopback addresses.
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Curriculum } from '../../server/curriculum/index.js';
import type { LabManager } from '../../server/lab/manager.js';
import type { Lab } from '../../server/lab/types.js';
import { blueprintOf } from '../../server/platform.js';
import { LABS_COURSE, testLabManager } from '../helpers/engine.js';

describe('escape and reach from a lab host (root inside)', () => {
  let labs: LabManager;
  let curriculum: Curriculum;
  let mine: Lab;
  let theirs: Lab;
  let hostService: Server;
  const HOST_PORT = 47311;
  beforeAll(async () => {
    ({ labs, curriculum } = await testLabManager({ curriculumDir: LABS_COURSE }));
    const bp = blueprintOf(curriculum.exercises.get('web-serve')!);
    [mine, theirs] = await Promise.all([
      labs.start({ learner: 'mallory', blueprint: bp }).then((l) => labs.ready(l.id)),
      labs.start({ learner: 'victim', blueprint: bp }).then((l) => labs.ready(l.id)),
    ]);
    // A service on the host listening on every address, as a careless admin would run one.
    hostService = createServer((s) => s.end('host secret\n')).listen(HOST_PORT, '0.0.0.0');
    await labs.run({ lab: theirs, host: 'web', script: 'echo victim-page > /var/www/html/index.html; nginx', timeoutMs: 10_000 });
  });
  afterAll(async () => {
    hostService?.close();
    await labs?.close({ destroyAll: true });
  });

  const sh = async (script: string, host = 'client') => {
    const r = await labs.run({ lab: mine, host, script, timeoutMs: 20_000 });
    return { code: r.exitCode, out: r.output.trim() };
  };

  it('cannot reach a host service through its network gateway', async () => {
    const gw = mine.subnets.lan!.replace(/\.0\/\d+$/, '.1');
    const r = await sh(`curl -s -m 3 telnet://${gw}:${HOST_PORT} </dev/null; echo "rc=$?"`);
    expect(r.out).not.toContain('host secret');
    expect(r.out).toMatch(/rc=(7|28)/);
  });

  it('cannot reach the Docker API over TCP on the gateway', async () => {
    const gw = mine.subnets.lan!.replace(/\.0\/\d+$/, '.1');
    const r = await sh(`for p in 2375 2376; do curl -s -m 2 http://${gw}:$p/version && echo LEAK; done; echo done`);
    expect(r.out).not.toContain('LEAK');
    expect(r.out).not.toContain('ApiVersion');
  });

  it("cannot reach another learner's lab, even after adding routes", async () => {
    const r = await sh(`ip route add ${theirs.subnets.lan} via ${mine.subnets.lan!.replace(/\.0\/\d+$/, '.1')} 2>&1; curl -s -m 3 http://${theirs.env.WEB_IP}/; echo "rc=$?"`);
    expect(r.out).not.toContain('victim-page');
    expect(r.out).toMatch(/rc=(7|28)/);
  });

  it('has no route out of the lab (no default route; link-local metadata unroutable)', async () => {
    const r = await sh('ip route show default | wc -l; ip route get 192.0.2.1 2>&1 | head -1; ip route get 169.254.169.254 2>&1 | head -1');
    const [defaults, outside, metadata] = r.out.split('\n');
    expect(defaults).toBe('0');
    expect(outside).toMatch(/unreachable/i);
    expect(metadata).toMatch(/unreachable/i);
  });

  it.each([
    ['mount a filesystem', 'mount -t tmpfs none /mnt'],
    ['load a kernel module', 'modprobe ip_vs'],
    ['create a device node', 'mknod /tmp/sda b 8 0'],
    ['read raw kernel memory', 'head -c 16 /dev/mem'],
    ['write a kernel (non-network) sysctl', 'echo "|/tmp/x" > /proc/sys/kernel/core_pattern'],
    ['write a vm sysctl', 'echo 3 > /proc/sys/vm/drop_caches'],
    ['trigger sysrq', 'echo b > /proc/sysrq-trigger'],
    ['change the hostname of the machine', 'hostname evil && [ "$(cat /proc/sys/kernel/hostname)" = evil ] && false'],
    ['see the Docker socket', 'ls /var/run/docker.sock /run/docker.sock'],
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
