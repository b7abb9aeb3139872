// images/lab/lib/check.sh, run inside real lab-image containers on an internal network.
import type Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labHostConfig } from '../../server/engine/probe.js';
import type { Engine } from '../../server/engine/types.js';
import { checkScript, engineWithLabImage, execIn, TEST_LABEL, type ExecResult } from './support.js';

let engine: Engine;
let network: Dockerode.Network;
let a: Dockerode.Container;
let b: Dockerode.Container;
let bIp = '';
let bMac = '';

const run = (c: Dockerode.Container, script: string, shell: 'sh' | 'bash' = 'sh'): Promise<ExecResult> =>
  execIn({ container: c, cmd: checkScript(script, shell) });

beforeAll(async () => {
  const ready = await engineWithLabImage();
  engine = ready.engine;
  const { docker } = engine;
  const hostConfig = labHostConfig(await engine.features());
  const name = `opslab-test-checksh-${process.pid}`;
  network = await docker.createNetwork({ Name: name, Internal: true, CheckDuplicate: true, Labels: { [TEST_LABEL]: 'check-sh' } });
  const host = async (hostname: string) => {
    const c = await docker.createContainer({
      Image: ready.image,
      Hostname: hostname,
      Labels: { [TEST_LABEL]: 'check-sh' },
      HostConfig: { NetworkMode: name, CapAdd: ['NET_ADMIN', 'NET_RAW'], ...hostConfig },
    });
    await c.start();
    return c;
  };
  [a, b] = await Promise.all([host('a'), host('b')]);
  const info = await b.inspect();
  bIp = info.NetworkSettings.Networks[name].IPAddress;
  bMac = info.NetworkSettings.Networks[name].MacAddress.toLowerCase();
});

afterAll(async () => {
  await Promise.all([a, b].map((c) => c?.remove({ force: true })));
  await network?.remove();
});

describe('check.sh verdicts', () => {
  it.each(['sh', 'bash'] as const)('fail prints a FAIL: line and exits 1 (%s)', async (shell) => {
    const r = await run(a, 'fail "the VIP is not on lo"\necho unreachable', shell);
    expect(r).toMatchObject({ code: 1, stdout: 'FAIL: the VIP is not on lo\n' });
  });

  it('pass prints PASS: and exits 0', async () => {
    expect(await run(a, 'pass "all good"\necho unreachable')).toMatchObject({ code: 0, stdout: 'PASS: all good\n' });
  });

  it('broken writes to stderr and exits 2 (checker error)', async () => {
    const r = await run(a, 'broken "VIP is not set"');
    expect(r).toMatchObject({ code: 2, stdout: '', stderr: 'ERROR: VIP is not set\n' });
  });

  it('expect_eq continues when equal and fails with both values when not', async () => {
    expect(await run(a, 'expect_eq 1 1 "same"\necho still here')).toMatchObject({ code: 0, stdout: 'still here\n' });
    const r = await run(a, 'expect_eq "$(echo 0)" 1 "ip_forward is off"');
    expect(r).toMatchObject({ code: 1, stdout: "FAIL: ip_forward is off (expected '1', got '0')\n" });
  });
});

describe('check.sh network helpers', () => {
  it('neigh_mac gives the MAC of another host after a ping, and nothing for an unknown one', async () => {
    const r = await run(a, `ping -c1 -W2 ${bIp} >/dev/null\nneigh_mac ${bIp}`);
    expect(r).toMatchObject({ code: 0, stdout: `${bMac}\n` });
    const none = await run(a, 'neigh_mac 198.51.100.7; echo "rc=$?"');
    expect(none.stdout).toBe('rc=0\n');
  });

  it('neigh_mac prints nothing for an INCOMPLETE or FAILED entry', async () => {
    const unused = bIp.replace(/\d+$/, '250');
    const r = await run(a, `ping -c1 -W1 ${unused} >/dev/null 2>&1 || true\nip neigh show to ${unused} >&2\nneigh_mac ${unused}`);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/INCOMPLETE|FAILED|^$/);
  });

  it('mac_of and iface_for', async () => {
    expect((await run(b, 'mac_of eth0')).stdout).toBe(`${bMac}\n`);
    expect((await run(a, `iface_for ${bIp}`)).stdout).toBe('eth0\n');
    expect((await run(a, 'iface_for 127.0.0.1')).stdout).toBe('lo\n');
    expect(await run(a, 'mac_of nope0')).toMatchObject({ code: 2 });
  });

  it('has_addr finds addresses on any interface, including a VIP on lo', async () => {
    expect((await run(b, `has_addr ${bIp} && echo yes`)).stdout).toBe('yes\n');
    expect((await run(b, 'has_addr 203.0.113.9 || echo no')).stdout).toBe('no\n');
    const vip = await run(b, 'ip addr add 203.0.113.10/32 dev lo\nhas_addr 203.0.113.10 && echo yes\nip addr del 203.0.113.10/32 dev lo');
    expect(vip.stdout).toBe('yes\n');
  });

  it('http_get prints the body over a fresh connection and fails fast when nothing listens', async () => {
    await run(b, 'echo "hello from $(hostname)" > /var/www/html/index.html\nnginx');
    const r = await run(a, `wait_for -t 5 http_get http://${bIp}/`);
    expect(r).toMatchObject({ code: 0, stdout: 'hello from b\n' });
    const log = await run(b, 'tail -n 1 /var/log/nginx/access.log');
    expect(log.stdout).toContain('GET / HTTP/1.1');
    const started = performance.now();
    const refused = await run(a, `http_get http://${bIp}:9/ || echo "rc=$?"`);
    expect(refused.stdout).toMatch(/^rc=[1-9]/m);
    expect(performance.now() - started).toBeLessThan(6000);
  });
});

describe('check.sh sysctl helpers', () => {
  it('sysctl_get reads dotted and slashed names and fails for unknown ones', async () => {
    expect((await run(a, 'sysctl_get net.ipv4.conf.all.arp_ignore')).stdout).toBe('0\n');
    expect((await run(a, 'sysctl_get net/ipv4/conf/eth0/arp_ignore')).stdout).toBe('0\n');
    expect((await run(a, 'sysctl_get net.ipv4.nope || echo "rc=$?"')).stdout).toBe('rc=1\n');
  });

  it('sysctl_effective_arp takes max(all, IFACE) and ignores lo', async () => {
    const r = await run(
      b,
      [
        'echo 1 > /proc/sys/net/ipv4/conf/all/arp_ignore',
        'echo 0 > /proc/sys/net/ipv4/conf/eth0/arp_ignore',
        'echo 0 > /proc/sys/net/ipv4/conf/all/arp_announce',
        'echo 2 > /proc/sys/net/ipv4/conf/eth0/arp_announce',
        'echo 8 > /proc/sys/net/ipv4/conf/lo/arp_ignore',
        'sysctl_effective_arp eth0',
        'echo 0 > /proc/sys/net/ipv4/conf/all/arp_ignore',
        'sysctl_effective_arp eth0',
      ].join('\n'),
    );
    expect(r).toMatchObject({ code: 0, stdout: 'arp_ignore=1 arp_announce=2\narp_ignore=0 arp_announce=2\n' });
  });
});

describe('check.sh wait_for', () => {
  it('retries until the command succeeds and prints its output', async () => {
    const started = performance.now();
    const r = await run(a, '(sleep 1; echo ready > /tmp/flag) &\nwait_for -t 4 cat /tmp/flag');
    expect(r).toMatchObject({ code: 0, stdout: 'ready\n' });
    const took = performance.now() - started;
    expect(took).toBeGreaterThan(900);
    expect(took).toBeLessThan(4000);
  });

  it('gives up after the timeout with the last status', async () => {
    const started = performance.now();
    const r = await run(a, 'wait_for -t 1 false || echo "gave up rc=$?"');
    expect(r.stdout).toBe('gave up rc=1\n');
    expect(performance.now() - started).toBeLessThan(3500);
  });
});
