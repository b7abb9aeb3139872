// Start idle 4-host labs one after another until N are up or one fails; print how many fit,
// the memory per idle lab (MemAvailable drop / labs: containers, shims, bridges, all of it),
// the CPU per idle lab and per busy lab, the time to start the last lab against the first, and
// that destroying them leaves nothing.
//   npx tsx bench/density.ts [max=100]
// CPU is read from /proc/stat (the whole machine: containers, shims, dockerd, the kernel's bridge
// work), 10 s at a time: before any lab (the baseline), with every lab idle, and with one lab busy
// (each host pings the next one in a loop, 5 times a second, as a learner's probing would). The
// figures are in cores (1.00 = one core busy all the time); docs/scale-out.md sizes engines with them.
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { listManaged } from '../server/lab/docker-runtime.js';
import { benchEngine, benchLabs, FOUR_HOSTS, fmt } from './support.js';

const max = Number(process.argv[2] ?? 100);
const WINDOW_MS = 10_000;
const memAvailable = () => Number(/MemAvailable:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))![1]) * 1024;
/** Jiffies the machine spent busy and in all, since boot (the first line of /proc/stat). */
const cpuTimes = () => {
  const [user, nice, system, idle, iowait, irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const all = user! + nice! + system! + idle! + iowait! + irq! + softirq! + steal!;
  return { busy: all - idle! - iowait!, all };
};
const cores = cpus().length;
/**
 * CPU nanoseconds a container has used, from its own cgroup (cgroup v1 cpuacct or v2 cpu.stat,
 * Docker's cgroupfs layout); undefined where neither is found. Unlike /proc/stat, other work on the
 * machine does not count here, but neither do the shims, dockerd and the kernel's bridge work.
 */
const containerNs = (id: string): number | undefined => {
  for (const [file, parse] of [
    [`/sys/fs/cgroup/cpuacct/docker/${id}/cpuacct.usage`, (t: string) => Number(t)],
    [`/sys/fs/cgroup/docker/${id}/cpu.stat`, (t: string) => Number(/usage_usec (\d+)/.exec(t)?.[1]) * 1000],
  ] as const) {
    try {
      return parse(readFileSync(file, 'utf8'));
    } catch {}
  }
  return undefined;
};
/** Bytes of memory a container's cgroup holds (v1 usage_in_bytes or v2 memory.current, page cache included). */
const containerBytes = (id: string): number | undefined => {
  for (const file of [`/sys/fs/cgroup/memory/docker/${id}/memory.usage_in_bytes`, `/sys/fs/cgroup/docker/${id}/memory.current`]) {
    try {
      return Number(readFileSync(file, 'utf8'));
    } catch {}
  }
  return undefined;
};
/** The sum of `read` over containers; undefined when one cannot be read. */
const sumOf = (ids: string[], read: (id: string) => number | undefined): number | undefined => {
  let sum = 0;
  for (const id of ids) {
    const v = read(id);
    if (v === undefined) return undefined;
    sum += v;
  }
  return sum;
};
/** Cores busy on average over `ms`: the machine's (busy share of all jiffies × cores) and `containers`' own. */
async function cpuOver(ms: number, containers: string[] = []): Promise<{ machine: number; containers?: number }> {
  const a = cpuTimes();
  const ca = sumOf(containers, containerNs);
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, ms));
  const b = cpuTimes();
  const cb = sumOf(containers, containerNs);
  const seconds = (performance.now() - t0) / 1000;
  return { machine: ((b.busy - a.busy) / (b.all - a.all)) * cores, containers: ca === undefined || cb === undefined ? undefined : (cb - ca) / 1e9 / seconds };
}

const { engine } = await benchEngine();
const labs = benchLabs(engine);
const instance = (labs as unknown as { instance: string }).instance;

await new Promise((r) => setTimeout(r, 3000)); // the engine and the image build settle first
const baselineCpu = await cpuOver(WINDOW_MS);
const before = memAvailable();
const times: number[] = [];
const ids: string[] = [];
let failure = '';
for (let i = 0; i < max; i++) {
  const t0 = performance.now();
  try {
    const lab = await labs.ready((await labs.start({ learner: `learner-${i}`, blueprint: FOUR_HOSTS })).id);
    ids.push(lab.id);
  } catch (e) {
    failure = `lab ${i + 1} failed: ${(e as Error).message}`;
    break;
  }
  times.push(performance.now() - t0);
  if ((i + 1) % 10 === 0) console.log(`  ${i + 1} labs up, last took ${fmt(times[times.length - 1]!)}`);
}
await new Promise((r) => setTimeout(r, 3000)); // let page cache and shims settle
const after = memAvailable();
const n = times.length;
const perLab = (before - after) / n / 1024 / 1024;
const containersOf = (id: string) => labs.get(id).hosts.map((h) => h.containerId);
const cgroupBytes = sumOf(ids.flatMap(containersOf), containerBytes);

// Every lab idle, then one of them busy: each host pings the next (client → director → rs1 → rs2 →
// client) for 12 s; the 10 s window starts once all four loops run.
const idleCpu = await cpuOver(WINDOW_MS, ids.flatMap(containersOf));
const busy = labs.get(ids[0]!);
const ring = busy.hosts.map((h) => h.name);
const loops = ring.map((host, i) => {
  const next = `${ring[(i + 1) % ring.length]!.toUpperCase().replace(/-/g, '_')}_IP`;
  const script = `end=$((SECONDS + 12)); while [ "$SECONDS" -lt "$end" ]; do ping -c1 -W1 "$${next}" >/dev/null; sleep 0.2; done`;
  return labs.run({ lab: busy, host, script, timeoutMs: 20_000 });
});
await new Promise((r) => setTimeout(r, 1000));
const busyCpu = await cpuOver(WINDOW_MS, containersOf(busy.id));
const looped = await Promise.all(loops);

const t0 = performance.now();
await labs.close({ destroyAll: true });
const destroyMs = performance.now() - t0;
const left = await listManaged({ docker: engine.docker, instance });

const mc = (c: number | undefined) => (c === undefined ? 'n/a' : `${(c * 1000).toFixed(1)} millicores`);
const idlePerLab = Math.max(0, idleCpu.machine - baselineCpu.machine) / n;
const busyPerLab = idlePerLab + Math.max(0, busyCpu.machine - idleCpu.machine);
console.log(`density: ${n} of ${max} idle 4-host labs fit${failure ? ` (${failure})` : ''}`);
console.log(`  memory per idle lab: ${perLab.toFixed(1)} MB (MemAvailable drop ${((before - after) / 1024 / 1024).toFixed(0)} MB; target <= 40 MB); its containers' cgroups ${cgroupBytes === undefined ? 'n/a' : `${(cgroupBytes / n / 1024 / 1024).toFixed(1)} MB`}`);
console.log(`  cpu, whole machine (${cores} cores, ${WINDOW_MS / 1000} s windows): before any lab ${mc(baselineCpu.machine)}, with ${n} idle labs ${mc(idleCpu.machine)}, with one of them busy ${mc(busyCpu.machine)}`);
console.log(`  cpu per idle lab: ${mc(idlePerLab)} (machine), ${mc(idleCpu.containers === undefined ? undefined : idleCpu.containers / n)} (its containers' cgroups)`);
console.log(`  cpu per busy lab: ${mc(busyPerLab)} (machine), ${mc(busyCpu.containers)} (its containers' cgroups); 4 hosts pinging every 0.2 s, exits ${looped.map((r) => r.exitCode).join(',')}`);
console.log(`  start time: first ${fmt(times[0]!)}, last ${fmt(times[n - 1]!)}, ratio ${(times[n - 1]! / times[0]!).toFixed(2)} (target <= 2)`);
console.log(`  destroying all: ${fmt(destroyMs)}; left behind: ${left.containers.length} containers, ${left.networks.length} networks`);
process.exitCode = left.containers.length + left.networks.length === 0 ? 0 : 1;
