// Labs on the vm engine, one VM for the file (a small guest, 1 GiB, so that what a lab can
// allocate is what the guest has): labs are refused with CAPACITY once the guest's memory is
// spoken for; a learner's memory hog is killed inside its own lab, whatever it is named, and the
// VM, dockerd and the other lab go on; real IPVS in a lab; a VM that dies makes its labs' checks
// report `error` (not the learner's failure), and the next lab boots a new VM.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runChecks } from '../../server/check/run.js';
import { isOpslabError } from '../../server/errors.js';
import { engineSet } from '../../server/engine/select.js';
import { ensureDefaultVmImage } from '../../server/engine/connect.js';
import { startVmEngine, type VmEngine } from '../../server/engine/vm/index.js';
import type { Lab, LabBlueprint } from '../../server/lab/types.js';
import { createLabManager } from '../../server/platform.js';

const log = (line: string) => console.log(`[vm-labs] ${line}`);
/** Guest RAM and what one lab may use: 1024 - 512 (kept for the kernel, dockerd, containerd) leaves room for 2 labs of 256 MiB. */
const VM_MEMORY_MIB = 1024;
const LAB_MEMORY_MIB = 256;

const IPVS_LAB: LabBlueprint = {
  exercise: 'vm-ipvs-probe',
  requires: ['ipvs'],
  topology: {
    networks: [{ name: 'lan', prefix: 24 }],
    hosts: [
      { name: 'director', image: 'lab', networks: { lan: 2 } },
      { name: 'rs1', image: 'lab', networks: { lan: 11 } },
    ],
    addresses: { vip: { network: 'lan', offset: 100 } },
  },
  setup: [],
  scripts: {},
};

/** Four hosts whose learner will try to eat the guest's memory. */
const HOG_LAB: LabBlueprint = {
  exercise: 'vm-memory-hog',
  requires: ['ipvs'],
  topology: {
    networks: [{ name: 'lan', prefix: 24 }],
    hosts: ['h1', 'h2', 'h3', 'h4'].map((name, i) => ({ name, image: 'lab', networks: { lan: 2 + i } })),
    addresses: {},
  },
  setup: [],
  scripts: {},
};

const CHECK = {
  taskId: 'ipvs',
  name: 'the director has a virtual service on the VIP',
  host: 'director',
  script: 'ipvsadm -Ln | grep -q "TCP  $VIP:80" || fail "no virtual service on $VIP:80"\npass "ok"',
  timeoutSeconds: 60,
};

/** perl, under another name if asked, appending 1 MiB strings until the kernel kills it. */
const hog = (name = 'perl') =>
  `cp "$(command -v perl)" '/tmp/${name}' && '/tmp/${name}' -e 'my @a; push @a, "x" x (1 << 20) while 1'; echo "hog exit $?"`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('labs on the vm engine', () => {
  const engines = engineSet({
    mode: 'vm',
    bootVm: async () => {
      const { dir } = await ensureDefaultVmImage({ log });
      return startVmEngine({ imageDir: dir, log, memoryMiB: VM_MEMORY_MIB, labMemoryMiB: LAB_MEMORY_MIB });
    },
  });
  const labs = createLabManager({ engines, exercises: () => new Map(), instance: `vmlabs-${randomBytes(3).toString('hex')}` });
  let hogs: Lab;
  let ipvs: Lab;
  const run = (lab: Lab, host: string, script: string, timeoutMs = 120_000) => labs.run({ lab, host, script, timeoutMs });
  /** OOM kills so far: the guest's total (/proc/vmstat is not namespaced), and each hog host's own cgroup's. */
  const oomKills = async () => {
    const total = Number(/oom_kill (\d+)/.exec((await run(ipvs, 'director', 'cat /proc/vmstat')).stdout)?.[1]);
    const inHogLab = await Promise.all(
      hogs.hosts.map(async (h) => Number(/oom_kill (\d+)/.exec((await run(hogs, h.name, 'cat /sys/fs/cgroup/memory.events')).stdout)?.[1])),
    );
    return { total, inHogLab: inHogLab.reduce((a, b) => a + b, 0) };
  };

  beforeAll(async () => {
    const [a, b] = await Promise.all([labs.start({ learner: 'vm-hog', blueprint: HOG_LAB }), labs.start({ learner: 'vm-a', blueprint: IPVS_LAB })]);
    [hogs, ipvs] = await Promise.all([labs.ready(a.id), labs.ready(b.id)]);
    expect(hogs.engine).toBe(ipvs.engine);
  }, 900_000);

  afterAll(async () => {
    await labs.close({ destroyAll: true });
    await engines.close();
  }, 120_000);

  it('sizes lab hosts to the guest and refuses a lab with CAPACITY once its memory is spoken for', async () => {
    const vm = hogs.engine as VmEngine;
    const budget = vm.labBudget;
    expect(budget, 'the vm engine says how many labs its guest holds').toBeDefined();
    expect(budget!.maxLabs).toBe(2);
    const limit = Number((await run(hogs, 'h1', 'cat /sys/fs/cgroup/memory.max')).stdout.trim());
    expect(limit).toBe(budget!.hostMemoryBytes(HOG_LAB.topology.hosts.length));
    expect(limit * HOG_LAB.topology.hosts.length).toBeLessThanOrEqual(LAB_MEMORY_MIB * 1024 * 1024);
    const refused = await labs.start({ learner: 'vm-third', blueprint: IPVS_LAB }).then(
      (lab) => `started ${lab.id}`,
      (e: unknown) => e,
    );
    expect(isOpslabError(refused, 'CAPACITY'), String(refused)).toBe(true);
  }, 300_000);

  it('keeps the VM up when a lab process named "soft lockup" is OOM-killed (the console is no liveness signal)', async () => {
    const vm = hogs.engine as VmEngine;
    const out = await run(hogs, 'h1', hog('soft lockup'));
    expect(out.stdout).toContain('hog exit 137');
    // The kernel's OOM report carries the learner's process name to the serial console ...
    expect(vm.consoleTail(200)).toMatch(/Killed process \d+ \(soft lockup\)/);
    // ... and nothing acts on it: several watchdog rounds later the VM and both labs still work.
    await sleep(15_000);
    expect(vm.running).toBe(true);
    expect(await vm.ping()).toBe(true);
    expect((await run(hogs, 'h2', 'echo alive')).stdout).toContain('alive');
    expect((await runChecks({ checks: [CHECK], run: (p) => labs.run({ lab: ipvs, ...p }) })).tests[0]).toMatchObject({ status: 'fail' });
  }, 300_000);

  it("kills a lab's memory hogs inside the lab's own limits: no guest-wide OOM, dockerd and the other lab go on", async () => {
    const vm = hogs.engine as VmEngine;
    const before = await oomKills();
    const outs = await Promise.all(hogs.hosts.map((h) => run(hogs, h.name, hog())));
    for (const o of outs) expect(o.stdout).toContain('hog exit 137');
    const after = await oomKills();
    const console = vm.consoleTail(200).split('\n');
    // Every OOM kill in the guest was one of the hog lab's, each within its own cgroup's limit.
    expect(after.inHogLab - before.inHogLab).toBeGreaterThanOrEqual(hogs.hosts.length);
    expect(after.total - before.total).toBe(after.inHogLab - before.inHogLab);
    expect(console.filter((l) => /Out of memory: Killed process/.test(l) && !/Memory cgroup out of memory/.test(l))).toEqual([]);
    expect(vm.running).toBe(true);
    expect(await vm.ping()).toBe(true);
    expect((await vm.docker.version()).ApiVersion).toMatch(/^1\.\d+$/);
    for (const h of hogs.hosts) expect((await run(hogs, h.name, 'echo alive')).stdout).toContain('alive');
    expect((await runChecks({ checks: [CHECK], run: (p) => labs.run({ lab: ipvs, ...p }) })).tests[0]).toMatchObject({ status: 'fail' });
  }, 300_000);

  it('runs IPVS in a lab, reports a dead VM as error, and boots a new VM for the next lab', { timeout: 600_000 }, async () => {
    const lab = ipvs;
    expect(lab.engine.kind).toBe('vm');
    const check = (l: Lab) => (p: { host: string; script: string; timeoutMs: number }) => labs.run({ lab: l, ...p });
    expect((await runChecks({ checks: [CHECK], run: check(lab) })).tests[0]).toMatchObject({ status: 'fail', message: `no virtual service on ${lab.env.VIP}:80` });
    const add = await labs.run({ lab, host: 'director', script: 'ipvsadm -A -t $VIP:80 -s rr && ipvsadm -a -t $VIP:80 -r $RS1_IP:80 -g', timeoutMs: 60_000 });
    expect(add.exitCode).toBe(0);
    expect((await runChecks({ checks: [CHECK], run: check(lab) })).tests[0]!.status).toBe('pass');

    const vm = lab.engine as VmEngine;
    process.kill(vm.pid, 'SIGKILL');
    for (let i = 0; i < 50 && (await vm.ping()); i++) await sleep(200);
    expect(await vm.ping()).toBe(false);
    const dead = await runChecks({ checks: [CHECK], run: check(lab) });
    expect(dead.tests[0]!.status).toBe('error');

    const next = await labs.ready((await labs.start({ learner: 'vm-b', blueprint: IPVS_LAB })).id);
    expect(next.engine).not.toBe(vm);
    expect(await next.engine.ping()).toBe(true);
    expect((await runChecks({ checks: [CHECK], run: check(next) })).tests[0]!.status).toBe('fail');
  });
});
