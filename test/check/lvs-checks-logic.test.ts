// The judgements of the LVS and keepalived checks that need no IPVS, run in real lab-image
// containers on the local engine (fast): keepalived's configuration read as the daemon read it
// (a real keepalived runs VRRP between two containers; `ipvsadm` is a stub printing the table
// keepalived would have written, as this kernel has no IPVS), the ARP judgement of DR and TUN real
// servers (nftables and arptables ARP rules, the VIP behind them), and the source NAT rule that
// applies to full NAT's private leg among rules for other traffic. Each case was a false verdict
// of the checks before (issue 16); the grade test on the vm engine (test/curriculum/grade-lvs.test.ts)
// proves the same with IPVS, end to end.
import { readFileSync } from 'node:fs';
import type Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCurriculum } from '../../server/curriculum/index.js';
import { labHostConfig } from '../../server/engine/probe.js';
import { CHECK_LIB } from '../../server/platform.js';
import { engineWithLabImage, execIn, TEST_LABEL } from '../engine/support.js';
import { readCheckLine } from '../helpers/check-message.js';

const { curriculum } = loadCurriculum('curricula');
const exercise = (id: string) => curriculum.exercises.get(id)!;

let docker: Dockerode;
let image = '';
let hostConfig: { ReadonlyPaths?: string[] } = {};
const made: { containers: Dockerode.Container[]; networks: Dockerode.Network[] } = { containers: [], networks: [] };

interface Net {
  name: string;
  /** The first three octets, e.g. "172.30.5". */
  prefix: string;
}

async function network(tag: string): Promise<Net> {
  const name = `opslab-test-lvslogic-${tag}-${process.pid}`;
  const net = await docker.createNetwork({ Name: name, Internal: true, CheckDuplicate: true, Labels: { [TEST_LABEL]: 'lvs-logic' } });
  made.networks.push(net);
  const info = await net.inspect();
  const subnet = info.IPAM?.Config?.[0]?.Subnet ?? '';
  if (!subnet) throw new Error(`network ${name} has no subnet`);
  return { name, prefix: subnet.split('.').slice(0, 3).join('.') };
}

/** A lab-image container on NET (and MORE networks); its addresses, network by network. */
async function host(hostname: string, net: Net, more: Net[] = []): Promise<{ c: Dockerode.Container; ip: string; ips: string[] }> {
  const c = await docker.createContainer({
    Image: image,
    Hostname: hostname,
    Labels: { [TEST_LABEL]: 'lvs-logic' },
    HostConfig: { NetworkMode: net.name, CapAdd: ['NET_ADMIN', 'NET_RAW'], ...hostConfig },
  });
  made.containers.push(c);
  for (const n of more) await docker.getNetwork(n.name).connect({ Container: c.id });
  await c.start();
  const nets = (await c.inspect()).NetworkSettings.Networks;
  const ips = [net, ...more].map((n) => nets[n.name]!.IPAddress);
  return { c, ip: ips[0]!, ips };
}

/** A script as the platform sends it: check.sh, the course's and the exercise's preludes, then the script. */
function scriptOf(exerciseId: string, body: string): string {
  const ex = exercise(exerciseId);
  return [readFileSync(CHECK_LIB, 'utf8'), ...ex.preludes.map((p) => p.text), body].join('\n');
}

async function run(c: Dockerode.Container, exerciseId: string, body: string, env: Record<string, string>) {
  const { stdout, stderr, code } = await execIn({ container: c, cmd: ['bash', '-c', scriptOf(exerciseId, body)], env: Object.entries(env).map(([k, v]) => `${k}=${v}`) });
  return { code, stdout, stderr, last: stdout.trim().split('\n').pop() ?? '' };
}

/** A check script of an exercise, run on a container. */
const check = (c: Dockerode.Container, exerciseId: string, file: string, env: Record<string, string>) => run(c, exerciseId, exercise(exerciseId).scripts[file]!, env);

/** Writes files into a container (path → text). */
async function put(c: Dockerode.Container, files: Record<string, string>) {
  for (const [file, text] of Object.entries(files)) {
    const r = await execIn({ container: c, cmd: ['sh', '-c', `mkdir -p "$(dirname "$1")" && printf '%s' "$2" > "$1"`, 'put', file, text] });
    expect(r.code, r.stderr).toBe(0);
  }
}

const sh = async (c: Dockerode.Container, cmd: string) => {
  const r = await execIn({ container: c, cmd: ['bash', '-c', cmd] });
  expect(r.code, `${cmd}: ${r.stdout}${r.stderr}`).toBe(0);
  return r.stdout;
};

beforeAll(async () => {
  const ready = await engineWithLabImage();
  docker = ready.engine.docker;
  image = ready.image;
  hostConfig = labHostConfig(await ready.engine.features());
});

afterAll(async () => {
  await Promise.all(made.containers.map((c) => c.remove({ force: true }).catch(() => {})));
  await Promise.all(made.networks.map((n) => n.remove().catch(() => {})));
});

describe('keepalived-ha: the configuration the running keepalived read, and what it made', () => {
  // keepalived-ha's checks print FAIL_T/PASS_T lines: read them as the learner does (English).
  const said = (r: { last: string }) => readCheckLine(r.last, 'curricula/linux-ops/keepalived-ha');
  let lan: Net;
  let lb1: Dockerode.Container;
  let lb2: Dockerode.Container;
  let env: Record<string, string>;
  // The IPVS table keepalived would write (this kernel has none): ipvsadm is a stub printing it.
  const table = (w1: number, w2: number) =>
    [
      'IP Virtual Server version 1.2.1 (size=4096)',
      'Prot LocalAddress:Port Scheduler Flags',
      '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
      `TCP  ${env.VIP}:80 rr`,
      `  -> ${env.RS1_IP}:80              Route   ${w1}      0          0`,
      `  -> ${env.RS2_IP}:80              Route   ${w2}      0          0`,
      '',
    ].join('\n');
  const vrrp = (p: { state: string; prio: number; peer: string; extra?: string }) => `vrrp_instance VI_1 {
    state ${p.state}
    interface eth0
    virtual_router_id 51
    priority ${p.prio}
    advert_int 1
    ${p.extra ?? ''}
    unicast_peer {
        ${p.peer}
    }
    authentication {
        auth_type PASS
        auth_pass opslab51
    }
    virtual_ipaddress {
        ${env.VIP}/32 dev eth0
    }
}
`;
  const vs = (p: { rs2?: string; extra?: string } = {}) => `virtual_server ${env.VIP} 80 {
    delay_loop 2
    lb_algo rr
    lb_kind DR
    protocol TCP
    ${p.extra ?? ''}
    real_server ${env.RS1_IP} 80 {
        TCP_CHECK {
            connect_timeout 2
        }
    }
    real_server ${env.RS2_IP} 80 {
        ${p.rs2 ?? ''}
        TCP_CHECK {
            connect_timeout 2
        }
    }
}
`;
  /** (Re)starts keepalived (VRRP only: this kernel has no IPVS for its checker) with ARGS, from DIR. */
  const start = async (c: Dockerode.Container, args: string, dir = '/') => {
    await sh(c, `pkill -x keepalived || true; for i in $(seq 50); do pgrep -x keepalived >/dev/null || break; sleep 0.1; done; for p in 32 24; do ip addr del ${env.VIP}/$p dev eth0 2>/dev/null || true; done`);
    await sh(c, `cd ${dir} && setsid -f keepalived -n -l -D -P ${args} </dev/null >>/var/log/keepalived.log 2>&1`);
  };
  const holdsVip = (c: Dockerode.Container) => sh(c, `for i in $(seq 100); do ip -o addr show dev eth0 | grep -q " ${env.VIP}/" && exit 0; sleep 0.1; done; exit 1`);

  beforeAll(async () => {
    lan = await network('ka');
    const [h1, h2] = await Promise.all([host('lb1', lan), host('lb2', lan)]);
    [lb1, lb2] = [h1.c, h2.c];
    // rs1 and rs2 are addresses nobody holds: their health checks fail, as with nginx stopped.
    env = { VIP: `${lan.prefix}.200`, LB1_IP: h1.ip, LB2_IP: h2.ip, RS1_IP: `${lan.prefix}.211`, RS2_IP: `${lan.prefix}.212` };
    for (const c of [lb1, lb2]) {
      await put(c, { '/usr/local/sbin/ipvsadm': '#!/bin/sh\ncat /tmp/ipvs-table\n', '/tmp/ipvs-table': table(1, 1) });
      await sh(c, 'chmod 755 /usr/local/sbin/ipvsadm');
    }
  });

  it('follows --use-file FILE (a space, relative to the folder it was started in) and an include relative to the including file', { timeout: 60_000 }, async () => {
    await put(lb1, {
      '/opt/ha/main.conf': `global_defs {\n    router_id lb1\n}\n${vrrp({ state: 'MASTER', prio: 150, peer: env.LB2_IP! })}include conf.d/*.conf\n`,
      '/opt/ha/conf.d/web.conf': vs(),
    });
    await start(lb1, '--use-file ha/main.conf', '/opt');
    await holdsVip(lb1);
    const r = await check(lb1, 'keepalived-ha', 'scripts/check-director.sh', { ...env, OPSLAB_HOST: 'lb1' });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(said(r)).toContain('from /opt/ha/main.conf and the files it includes');
  });

  it('names an include that matches no file where the virtual server is missing', { timeout: 60_000 }, async () => {
    await put(lb1, { '/opt/ha/main.conf': `${vrrp({ state: 'MASTER', prio: 150, peer: env.LB2_IP! })}include /opt/ha/nowhere/*.conf\n` });
    await start(lb1, '-f /opt/ha/main.conf');
    const r = await check(lb1, 'keepalived-ha', 'scripts/check-director.sh', { ...env, OPSLAB_HOST: 'lb1' });
    expect(r.code).toBe(1);
    expect(said(r)).toMatch(/no virtual_server .*\(an include of it matches no file: \/opt\/ha\/nowhere\/\*\.conf/);
  });

  it('accepts nopreempt with state MASTER (keepalived 2.2 clears it), and one file for both directors with @lb1 lines and $definitions', { timeout: 60_000 }, async () => {
    const shared = `$PEER_OF_LB1=${env.LB2_IP}\n${vrrp({ state: 'MASTER', prio: 150, peer: '$PEER_OF_LB1', extra: 'nopreempt' })
      .replace('state MASTER', '@lb1 state MASTER\n    @^lb1 state BACKUP')
      .replace('priority 150', '@lb1 priority 150\n    @lb2 priority 100')}${vs()}`;
    await put(lb1, { '/etc/keepalived/keepalived.conf': shared });
    await start(lb1, '');
    await holdsVip(lb1);
    const r = await check(lb1, 'keepalived-ha', 'scripts/check-director.sh', { ...env, OPSLAB_HOST: 'lb1' });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(said(r)).toContain('nopreempt is ignored with state MASTER');
  });

  it('reads what keepalived reads: a comment anywhere, no state (priority 255: MASTER), no priority (MASTER: 255), no real port, protocol tcp, includer with {a,b}; no FIFO or script in an included folder; $VIP/32 kept as it is', { timeout: 60_000 }, async () => {
    const dir = '/opt/ka';
    await put(lb1, {
      [`${dir}/main.conf`]: `include ${dir}/extra/*\nincluder ${dir}/conf.d/{vrrp,web}.conf\n`,
      [`${dir}/conf.d/vrrp.conf`]: vrrp({ state: 'MASTER', prio: 150, peer: env.LB2_IP! }).replace('    state MASTER\n', '').replace('priority 150', 'priority 255#owner'),
      [`${dir}/conf.d/web.conf`]: vs().replace('protocol TCP', 'protocol tcp').replace(`real_server ${env.RS2_IP} 80 {`, `real_server ${env.RS2_IP} {`),
      // keepalived skips what is not a regular file or is executable (check_glob_file): a notify script, a FIFO.
      [`${dir}/extra/notify.sh`]: `#!/bin/sh\nvirtual_server ${env.VIP} 80 {\n    lb_kind NAT\n}\n`,
    });
    await sh(lb1, `chmod 755 ${dir}/extra/notify.sh; rm -f ${dir}/extra/pipe; mkfifo ${dir}/extra/pipe`);
    await start(lb1, `-f ${dir}/main.conf`);
    await holdsVip(lb1);
    let r = await check(lb1, 'keepalived-ha', 'scripts/check-director.sh', { ...env, OPSLAB_HOST: 'lb1' });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(said(r)).toContain(`keepalived on lb1 (MASTER, priority 255, vrid 51, from ${dir}/main.conf and the files it includes)`);

    // state MASTER without a priority: 255 (keepalived's vrrp_complete_instance).
    await put(lb1, { [`${dir}/conf.d/vrrp.conf`]: vrrp({ state: 'MASTER', prio: 150, peer: env.LB2_IP! }).replace('    priority 150\n', '') });
    await start(lb1, `-f ${dir}/main.conf`);
    await holdsVip(lb1);
    r = await check(lb1, 'keepalived-ha', 'scripts/check-director.sh', { ...env, OPSLAB_HOST: 'lb1' });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(said(r)).toContain('keepalived on lb1 (MASTER, priority 255,');

    // A bare $VIP before /32 is not replaced: keepalived never adds the VIP.
    await put(lb1, { [`${dir}/conf.d/vrrp.conf`]: `$VIP=${env.VIP}\n${vrrp({ state: 'MASTER', prio: 150, peer: env.LB2_IP! }).replace(`${env.VIP}/32`, '$VIP/32')}` });
    await start(lb1, `-f ${dir}/main.conf`);
    r = await check(lb1, 'keepalived-ha', 'scripts/check-director.sh', { ...env, OPSLAB_HOST: 'lb1' });
    expect(r.code).toBe(1);
    expect(said(r)).toMatch(/has \$VIP\/32 in a virtual_ipaddress block: .*Write \$\{VIP\}\/32$/);
  });

  it('names a real server left at weight 0, and reads inhibit_on_failure: weight 0 is a failed health check', { timeout: 60_000 }, async () => {
    await put(lb1, { '/etc/keepalived/keepalived.conf': vrrp({ state: 'MASTER', prio: 150, peer: env.LB2_IP! }) + vs({ rs2: 'weight 0' }), '/tmp/ipvs-table': table(1, 0) });
    await start(lb1, '');
    await holdsVip(lb1);
    let r = await check(lb1, 'keepalived-ha', 'scripts/check-director.sh', { ...env, OPSLAB_HOST: 'lb1' });
    expect(r.code).toBe(1);
    expect(said(r)).toMatch(/real_server \S+ 80 \(rs2\) has weight 0: IPVS takes a server of weight 0 as quiescent/);

    // inhibit_on_failure: keepalived keeps a failed rs2 at weight 0 instead of removing it. Nothing
    // answers on rs2's address here, so the TCP_CHECK the check repeats fails too.
    await put(lb1, { '/etc/keepalived/keepalived.conf': vrrp({ state: 'MASTER', prio: 150, peer: env.LB2_IP! }) + vs({ extra: 'inhibit_on_failure' }) });
    await start(lb1, '');
    await holdsVip(lb1);
    r = await check(lb1, 'keepalived-ha', 'scripts/check-director.sh', { ...env, OPSLAB_HOST: 'lb1' });
    expect(r.code).toBe(1);
    expect(said(r)).toMatch(/keepalived took rs2 out of service \(inhibit_on_failure keeps it in TCP \S+ at weight 0\): its TCP_CHECK cannot connect/);
    // ... which is what the health task's check wants to see once nginx on rs2 is stopped.
    r = await check(lb1, 'keepalived-ha', 'scripts/check-hc-removed.sh', { ...env, OPSLAB_HOST: 'lb1' });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(said(r)).toContain('set rs2 to weight 0');

    // The checker's settings (keepalived runs VRRP only here, so the check reads the file again
    // without a restart). A real server's own inhibit_on_failure off overrides the virtual server's.
    await put(lb1, { '/etc/keepalived/keepalived.conf': vrrp({ state: 'MASTER', prio: 150, peer: env.LB2_IP! }) + vs({ extra: 'inhibit_on_failure', rs2: 'inhibit_on_failure off' }) });
    r = await check(lb1, 'keepalived-ha', 'scripts/check-director.sh', { ...env, OPSLAB_HOST: 'lb1' });
    expect(r.code).toBe(1);
    expect(said(r)).toMatch(/rs2 is in TCP \S+ at weight 0 \(quiescent: no new connections\)/);
    // An HTTP_GET that, repeated by hand, gets the status_code it expects (a web server on rs2's address, on lb1).
    await put(lb1, { '/etc/keepalived/keepalived.conf': vrrp({ state: 'MASTER', prio: 150, peer: env.LB2_IP! }) + vs({ extra: 'inhibit_on_failure', rs2: 'HTTP_GET {\n url {\n path /\n status_code 200\n }\n connect_timeout 2\n }' }) });
    await put(lb1, { '/tmp/rs2.conf': `pid /tmp/rs2.pid;\nerror_log /tmp/rs2.err;\nevents {}\nhttp { access_log off; server { listen ${env.RS2_IP}:80; location / { return 200 ok; } } }\n` });
    await sh(lb1, `ip addr add ${env.RS2_IP}/32 dev lo; nginx -c /tmp/rs2.conf`);
    r = await check(lb1, 'keepalived-ha', 'scripts/check-director.sh', { ...env, OPSLAB_HOST: 'lb1' });
    await sh(lb1, `nginx -c /tmp/rs2.conf -s stop; ip addr del ${env.RS2_IP}/32 dev lo`);
    expect(r.code).toBe(1);
    expect(said(r)).toMatch(/keepalived took rs2 out of service .*, though \S+:80\/ answers 200 now, the status_code its HTTP_GET expects: keepalived puts it back within delay_loop \(2 s\)/);
    await put(lb1, { '/tmp/ipvs-table': table(1, 1) });
  });

  it('fo-stop removes each address keepalived left (-V), whatever its prefix', { timeout: 60_000 }, async () => {
    await put(lb1, { '/etc/keepalived/keepalived.conf': vrrp({ state: 'MASTER', prio: 150, peer: env.LB2_IP! }).replace(`${env.VIP}/32`, `${env.VIP}/24`) + vs() });
    await start(lb1, '--dont-release-vrrp');
    await holdsVip(lb1);
    const r = await check(lb1, 'keepalived-ha', 'scripts/check-fo-stop.sh', { ...env, OPSLAB_HOST: 'lb1' });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(said(r)).toContain(`left the VIP ${env.VIP} (${env.VIP}/24 on eth0) (started with -V / --dont-release-vrrp?): a dead director holding the VIP is split brain. The check removed it`);
    expect(await sh(lb1, `ip -o -4 addr show | grep -c " ${env.VIP}/" || true`)).toBe('0\n');
  });

  it('names equal VRRP priorities on the backup, from the master\'s adverts', { timeout: 90_000 }, async () => {
    await put(lb1, { '/etc/keepalived/keepalived.conf': vrrp({ state: 'MASTER', prio: 100, peer: env.LB2_IP! }) + vs() });
    await start(lb1, '');
    await holdsVip(lb1);
    await put(lb2, { '/etc/keepalived/keepalived.conf': vrrp({ state: 'BACKUP', prio: 100, peer: env.LB1_IP! }) + vs() });
    await start(lb2, '');
    await new Promise((r) => setTimeout(r, 2000));
    let r = await check(lb2, 'keepalived-ha', 'scripts/check-director.sh', { ...env, OPSLAB_HOST: 'lb2' });
    expect(r.code).toBe(1);
    expect(said(r)).toMatch(/lb1 and lb2 both have priority 100 \(lb1's adverts say 100\)/);

    // lb1 above lb2: the backup passes, naming both priorities.
    await put(lb1, { '/etc/keepalived/keepalived.conf': vrrp({ state: 'MASTER', prio: 150, peer: env.LB2_IP! }) + vs() });
    await start(lb1, '');
    await holdsVip(lb1);
    r = await check(lb2, 'keepalived-ha', 'scripts/check-director.sh', { ...env, OPSLAB_HOST: 'lb2' });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(said(r)).toContain('priority 100 (lb1 advertises 150)');
  });
});

describe('DR and TUN real servers: one ARP judgement', () => {
  // Their check lines, as the learner reads them in English (fail_t keys rendered from the catalogs).
  const DR = 'curricula/linux-ops/lvs-dr';
  const TUN = 'curricula/linux-ops/lvs-tun';
  let lan: Net;
  let rs: Dockerode.Container;
  let rip = '';
  let env: Record<string, string>;
  beforeAll(async () => {
    lan = await network('arp');
    const h = await host('rs1', lan);
    rs = h.c;
    rip = h.ip;
    env = { VIP: `${lan.prefix}.200`, OPSLAB_HOST: 'rs1', LAN_SUBNET: `${lan.prefix}.0/24` };
    // nginx answering its name on every address (rs_web, lib/web.sh), as setup-rs.sh does.
    const r = await run(rs, 'lvs-dr', 'rs_web', env);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  it('lvs-dr accepts ARP rules (arptables) in place of the sysctls, and the VIP on eth0 behind them', { timeout: 60_000 }, async () => {
    await sh(rs, `ip addr add ${env.VIP}/32 dev eth0
arptables -A INPUT -d ${env.VIP} -j DROP
arptables -A OUTPUT -s ${env.VIP} -j mangle --mangle-ip-s ${rip}`);
    const r = await check(rs, 'lvs-dr', 'scripts/check-rs.sh', env);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(readCheckLine(r.last, DR)).toContain('nftables arp rules for');
    await sh(rs, `arptables -F; ip addr del ${env.VIP}/32 dev eth0`);
  });

  it('the shared judgement: nft ARP rules count in their hooks only, and a missing rule is named as the sysctl it replaces', { timeout: 60_000 }, async () => {
    await sh(rs, `ip addr add ${env.VIP}/32 dev lo
nft add table arp vip
nft add chain arp vip in '{ type filter hook input priority 0; }'
nft add chain arp vip out '{ type filter hook output priority 0; }'
nft add rule arp vip in arp operation request arp daddr ip '{ ${env.VIP}, ${lan.prefix}.201 }' drop`);
    let r = await run(rs, 'lvs-tun', `expect_rs_arp_quiet "$VIP"`, env);
    expect(r.code).toBe(1);
    expect(r.last).toMatch(/^FAIL_T: /);
    expect(readCheckLine(r.last, TUN)).toMatch(/^arp_announce is 0 for rs1's eth0/);
    // Dropping what it sends from the VIP is no arp_announce: it could not resolve the client.
    await sh(rs, `nft add rule arp vip out arp saddr ip ${env.VIP} drop`);
    r = await run(rs, 'lvs-tun', `expect_rs_arp_quiet "$VIP"`, env);
    expect(r.code).toBe(1);
    expect(readCheckLine(r.last, TUN)).toMatch(/^an ARP rule on rs1 drops the ARP requests it sends from/);
    await sh(rs, 'sysctl -w net.ipv4.conf.all.arp_announce=2 >/dev/null');
    r = await run(rs, 'lvs-tun', `expect_rs_arp_quiet "$VIP"; echo "$arp_ignore_eff $arp_announce_eff $arp_rules"`, env);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.last).toBe('0 2 input output-drop');
    await sh(rs, 'sysctl -w net.ipv4.conf.all.arp_announce=0 >/dev/null');
    // A rule for replies only, or in the wrong hook, does not hide the VIP.
    await sh(rs, `nft flush table arp vip
nft add rule arp vip in arp operation reply arp daddr ip ${env.VIP} drop
nft add rule arp vip out arp daddr ip ${env.VIP} drop`);
    r = await run(rs, 'lvs-tun', `expect_rs_arp_quiet "$VIP"`, env);
    expect(readCheckLine(r.last, TUN)).toMatch(/^arp_ignore is 0 for rs1's eth0/);
    await sh(rs, `nft delete table arp vip; sysctl -w net.ipv4.conf.lo.arp_ignore=1 >/dev/null`);
    r = await check(rs, 'lvs-dr', 'scripts/check-rs.sh', env);
    expect(readCheckLine(r.last, DR)).toMatch(/^arp_ignore is set on rs1's lo only/);
    await sh(rs, `sysctl -w net.ipv4.conf.lo.arp_ignore=0 >/dev/null; ip addr del ${env.VIP}/32 dev lo`);
    // arp_ignore 3 and the VIP's scope, as ip -o addr shows it.
    await sh(rs, `ip addr add ${env.VIP}/32 dev lo scope host; sysctl -w net.ipv4.conf.all.arp_ignore=3 >/dev/null`);
    r = await run(rs, 'lvs-tun', `expect_rs_arp_quiet "$VIP"`, env);
    expect(readCheckLine(r.last, TUN)).toMatch(/^arp_ignore is 3 for rs1's eth0: that hides \S+ only because it has scope host here/);
    await sh(rs, `sysctl -w net.ipv4.conf.all.arp_ignore=0 >/dev/null; ip addr del ${env.VIP}/32 dev lo`);
  });
});

describe('lvs-fullnat: the source NAT rule that applies to the private leg', () => {
  let director: Dockerode.Container;
  let pub: Net;
  let priv: Net;
  let env: Record<string, string>;
  // nat_source (lib/net.sh) for the packet IPVS sends rs1: client -> RIP:80, out of eth1.
  const verdict = async () => (await run(director, 'lvs-fullnat', 'nat_source "$CLIENT_IP" "$RS1_IP" 80 eth1 "$VIP" 80', env)).stdout.trim().split('\n');
  beforeAll(async () => {
    [pub, priv] = await Promise.all([network('pub'), network('priv')]);
    const h = await host('director', pub, [priv]);
    director = h.c;
    env = { CLIENT_IP: `${pub.prefix}.150`, VIP: `${pub.prefix}.200`, RS1_IP: `${priv.prefix}.211`, DIP: h.ips[1]!, PUB: h.ip, OPSLAB_HOST: 'director' };
  });

  it('finds the right rule among rules for other traffic, in iptables and nftables', { timeout: 60_000 }, async () => {
    // A masquerade for the public side (other traffic) before the right rule: not the one that applies.
    await sh(director, `iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE
iptables -t nat -A POSTROUTING -o eth1 -d ${priv.prefix}.0/24 -p tcp --dport 80 -j SNAT --to-source ${env.DIP}`);
    let v = await verdict();
    expect(v[0]).toBe(`snat ${env.DIP} -A POSTROUTING -d ${priv.prefix}.0/24 -o eth1 -p tcp -m tcp --dport 80 -j SNAT --to-source ${env.DIP}`);
    expect(v).toContain('other -A POSTROUTING -o eth0 -j MASQUERADE | it matches only packets leaving by eth0');
    await sh(director, 'iptables -t nat -F');

    // nftables: a user chain jumped to, a masquerade taking the route's source (the DIP).
    await sh(director, `nft add table ip fullnat
nft add chain ip fullnat post '{ type nat hook postrouting priority srcnat; }'
nft add chain ip fullnat leg
nft add rule ip fullnat post oifname eth0 snat to ${env.PUB}
nft add rule ip fullnat post ip daddr ${priv.prefix}.0/24 jump leg
nft add rule ip fullnat leg tcp dport 80 masquerade`);
    v = await verdict();
    expect(v[0]).toBe(`masq ${env.DIP} tcp dport 80 masquerade`);

    // A wrong rule reached first decides, whatever comes after it.
    await sh(director, `nft insert rule ip fullnat post snat to ${env.VIP}`);
    v = await verdict();
    expect(v[0]).toBe(`snat ${env.VIP} snat to ${env.VIP}`);
    await sh(director, 'nft delete table ip fullnat');
    expect(await verdict()).toEqual(['none']);
  });

  it('reads past named sets, goes back to the calling chain on RETURN, and leaves legacy iptables alone', { timeout: 60_000 }, async () => {
    // RETURN ends the user chain only; the rule after the jump still applies.
    await sh(director, `iptables -t nat -N leg
iptables -t nat -A leg -d ${priv.prefix}.0/24 -j RETURN
iptables -t nat -A leg -j MASQUERADE
iptables -t nat -A POSTROUTING -j leg
iptables -t nat -A POSTROUTING -o eth1 -j SNAT --to-source ${env.DIP}`);
    let v = await verdict();
    expect(v[0]).toBe(`snat ${env.DIP} -A POSTROUTING -o eth1 -j SNAT --to-source ${env.DIP}`);
    await sh(director, 'iptables -t nat -F; iptables -t nat -X; nft delete table ip nat');

    // A named set before the chains (its closing brace is not the table's), and nft's return.
    await sh(director, `nft add table ip fullnat
nft add set ip fullnat rips '{ type ipv4_addr; }'
nft add element ip fullnat rips '{ ${env.RS1_IP} }'
nft add chain ip fullnat post '{ type nat hook postrouting priority srcnat; }'
nft add chain ip fullnat skip
nft add rule ip fullnat skip ip daddr ${env.RS1_IP} return
nft add rule ip fullnat skip masquerade
nft add rule ip fullnat post jump skip
nft add rule ip fullnat post ip daddr @rips snat to ${env.DIP}`);
    v = await verdict();
    expect(v[0]).toBe(`snat ${env.DIP} ip daddr @rips snat to ${env.DIP}`);
    await sh(director, 'nft delete table ip fullnat');

    // Legacy iptables: its nat table is read where it exists, never created by reading; an empty
    // one does not hide the learner's nft table ip nat.
    await sh(director, 'iptables-legacy -t filter -L -n >/dev/null');
    expect(await verdict()).toEqual(['none']);
    expect(await sh(director, 'grep -cx nat /proc/net/ip_tables_names || true')).toBe('0\n');
    await sh(director, `iptables-legacy -t nat -L -n >/dev/null
nft add table ip nat
nft add chain ip nat postrouting '{ type nat hook postrouting priority srcnat; }'
nft add rule ip nat postrouting oifname eth1 snat to ${env.DIP}`);
    v = await verdict();
    expect(v[0]).toBe(`snat ${env.DIP} oifname "eth1" snat to ${env.DIP}`);
    await sh(director, 'nft delete table ip nat');
  });
});
