// Start idle 4-host labs one after another until N are up or one fails; print how many fit,
// the memory per idle lab (MemAvailable drop / labs: containers, shims, bridges, all of it),
// the time to start the last lab against the first, and that destroying them leaves nothing.
//   npx tsx bench/density.ts [max=100]
import { readFileSync } from 'node:fs';
import { listManaged } from '../server/lab/docker-runtime.js';
import { benchEngine, benchLabs, FOUR_HOSTS, fmt } from './support.js';

const max = Number(process.argv[2] ?? 100);
const memAvailable = () => Number(/MemAvailable:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))![1]) * 1024;
const { engine } = await benchEngine();
const labs = benchLabs(engine);
const instance = (labs as unknown as { instance: string }).instance;

const before = memAvailable();
const times: number[] = [];
let failure = '';
for (let i = 0; i < max; i++) {
  const t0 = performance.now();
  try {
    await labs.ready((await labs.start({ learner: `learner-${i}`, blueprint: FOUR_HOSTS })).id);
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
const t0 = performance.now();
await labs.close({ destroyAll: true });
const destroyMs = performance.now() - t0;
const left = await listManaged({ docker: engine.docker, instance });

console.log(`density: ${n} of ${max} idle 4-host labs fit${failure ? ` (${failure})` : ''}`);
console.log(`  memory per idle lab: ${perLab.toFixed(1)} MB (MemAvailable drop ${((before - after) / 1024 / 1024).toFixed(0)} MB; target <= 40 MB)`);
console.log(`  start time: first ${fmt(times[0]!)}, last ${fmt(times[n - 1]!)}, ratio ${(times[n - 1]! / times[0]!).toFixed(2)} (target <= 2)`);
console.log(`  destroying all: ${fmt(destroyMs)}; left behind: ${left.containers.length} containers, ${left.networks.length} networks`);
process.exitCode = left.containers.length + left.networks.length === 0 ? 0 : 1;
