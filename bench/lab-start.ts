// Median time to a ready 4-host lab through opslab, against the same 4 containers started with
// plain `docker run` (CLI) on one internal network, in the same run. Target: ratio <= 1.5.
// Then the LVS-DR lab (4 hosts, IPVS) on the engine that has IPVS (the vm engine where the local
// kernel lacks it), without and with a warm lab (server/lab/pool.ts), against that local 4-host lab:
// targets p50 warm <= 1.5x, without a warm lab <= 10x.
//   npx tsx bench/lab-start.ts [runs=7] [vm runs=3]   (OPSLAB_BENCH_VM=0 skips the LVS part)
import { execFileSync } from 'node:child_process';
import { benchEngine, benchLabs, FOUR_HOSTS, fmt, median } from './support.js';

const runs = Number(process.argv[2] ?? 7);
const { engine, image } = await benchEngine();
const labs = benchLabs(engine);
const docker = (...args: string[]) => execFileSync('docker', args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString().trim();

async function ours(): Promise<number> {
  const t0 = performance.now();
  const lab = await labs.ready((await labs.start({ learner: `bench-${Math.random()}`, blueprint: FOUR_HOSTS })).id);
  const ms = performance.now() - t0;
  await labs.destroy(lab.id);
  return ms;
}

function plainDockerRun(parallel: boolean): Promise<number> {
  const net = `bench-plain-${process.pid}`;
  const subnet = '10.122.250.0/24';
  const t0 = performance.now();
  docker('network', 'create', '--internal', '--subnet', subnet, net);
  const names = ['client', 'director', 'rs1', 'rs2'];
  const run = (name: string, i: number) => ['run', '-d', '--name', `${net}-${name}`, '--hostname', name, '--network', net, '--ip', `10.122.250.${10 + i}`, '--cap-add', 'NET_ADMIN', '--memory', '256m', '--pids-limit', '512', image];
  const done = parallel
    ? Promise.all(names.map((n, i) => new Promise<void>((resolve, reject) => {
        import('node:child_process').then(({ execFile }) => execFile('docker', run(n, i), (e) => (e ? reject(e) : resolve())));
      })))
    : Promise.resolve(
        names.forEach((n, i) => {
          docker(...run(n, i));
        }),
      );
  return done.then(() => {
    const ms = performance.now() - t0;
    docker('rm', '-f', ...names.map((n) => `${net}-${n}`));
    docker('network', 'rm', net);
    return ms;
  });
}

const oursMs: number[] = [];
const seqMs: number[] = [];
const parMs: number[] = [];
await ours(); // warm-up (image cache, probe)
for (let i = 0; i < runs; i++) {
  oursMs.push(await ours());
  seqMs.push(await plainDockerRun(false));
  parMs.push(await plainDockerRun(true));
}
await labs.close({ destroyAll: true });
const m = median(oursMs);
console.log(`lab-start: ${runs} runs of a ready 4-host lab (1 internal network, lab image)`);
console.log(`  opslab (network + 4 hardened containers + /etc/hosts + env, ready)  median ${fmt(m)}`);
console.log(`  plain docker run, one after another                                median ${fmt(median(seqMs))}  ratio ${(m / median(seqMs)).toFixed(2)}`);
console.log(`  plain docker run, 4 at once                                        median ${fmt(median(parMs))}  ratio ${(m / median(parMs)).toFixed(2)}`);
console.log(`  target: ratio <= 1.5 against plain docker run`);

if (process.env.OPSLAB_BENCH_VM !== '0') await lvsLab({ localMs: m, runs: Number(process.argv[3] ?? 3) });

/** LVS-DR from Start to ready on the engine with IPVS: a fresh lab, then a warm one handed over. */
async function lvsLab(props: { localMs: number; runs: number }): Promise<void> {
  const { loadCurriculum } = await import('../server/curriculum/index.js');
  const { createEngines } = await import('../server/engine/connect.js');
  const { blueprintOf } = await import('../server/exercise-lab.js');
  const { createLabManager } = await import('../server/platform.js');
  const { curriculum } = loadCurriculum('curricula');
  const exercise = curriculum.exercises.get('lvs-dr');
  if (!exercise) throw new Error('no lvs-dr exercise in curricula/');
  const blueprint = blueprintOf(exercise);
  const engines = await createEngines({ mode: 'auto' });
  const t0 = performance.now();
  const engine = await engines.pick(blueprint.requires);
  const how = 'resumed' in engine ? (engine.resumed ? 'resumed from its snapshot' : 'booted cold') : 'already up';
  console.log(`lvs-dr on the ${engine.kind} engine (${how} in ${fmt(performance.now() - t0)}, not counted below)`);
  const labs = createLabManager({ engines, exercises: () => curriculum.exercises, instance: `bench-${Math.random().toString(16).slice(2, 8)}`, maxLabs: 1000 });
  const startToReady = async (learner: string) => {
    const t = performance.now();
    const lab = await labs.ready((await labs.start({ learner, blueprint })).id);
    const ms = performance.now() - t;
    await labs.destroy(lab.id);
    return ms;
  };
  const fresh: number[] = [];
  for (let i = 0; i < props.runs; i++) fresh.push(await startToReady(`bench-fresh-${i}`));
  labs.startWarmLabs({ vm: 0, local: 0, exercises: { 'lvs-dr': 1 }, memoryMiB: 1 << 20 });
  const warm: number[] = [];
  for (let i = 0; i < props.runs; i++) {
    const deadline = Date.now() + 300_000;
    while ((labs.warmLabs().exercises['lvs-dr']?.ready ?? 0) < 1) {
      if (Date.now() > deadline) throw new Error('no warm lvs-dr lab within 300 s');
      await new Promise((r) => setTimeout(r, 200));
    }
    warm.push(await startToReady(`bench-warm-${i}`));
  }
  await labs.close({ destroyAll: true });
  await engines.close();
  const f = median(fresh);
  const w = median(warm);
  console.log(`  lvs-dr, a fresh lab (no warm one)   median ${fmt(f)}  ratio ${(f / props.localMs).toFixed(2)} against the local 4-host lab (target <= 10)  [${fresh.map(fmt).join(', ')}]`);
  console.log(`  lvs-dr, a warm lab handed over      median ${fmt(w)}  ratio ${(w / props.localMs).toFixed(3)} against the local 4-host lab (target <= 1.5)  [${warm.map(fmt).join(', ')}]`);
}
