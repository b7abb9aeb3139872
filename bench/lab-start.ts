// Median time to a ready 4-host lab through opslab, against the same 4 containers started with
// plain `docker run` (CLI) on one internal network, in the same run. Target: ratio <= 1.5.
//   npx tsx bench/lab-start.ts [runs=7]
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
