// Submissions per minute when grading in batch, at concurrency 1 and at higher ones, in one run.
//   npx tsx bench/grade.ts [EXERCISE=arp-cache] [SUBMISSIONS=8] [CONCURRENCIES=1,2,4,6]
// The first concurrency is the baseline of the ratio; `default` stands for what `opslab grade` picks.
// Half the submissions are the exercise's solve scripts (correct), half are empty (broken).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gradeAll, readSubmissions } from '../server/check/grade.js';
import { defaultConcurrency } from '../server/cli/grade.js';
import { solveStepsOf } from '../server/cli/selftest.js';
import { loadCurriculum } from '../server/curriculum/index.js';
import { createEngines } from '../server/engine/connect.js';
import { createLabManager } from '../server/platform.js';
import { blueprintOf, checksOf } from '../server/exercise-lab.js';

const exerciseId = process.argv[2] ?? 'arp-cache';
const count = Number(process.argv[3] ?? 8);
const { curriculum } = loadCurriculum('curricula');
const ex = curriculum.exercises.get(exerciseId);
if (!ex?.lab) throw new Error(`no lab exercise ${exerciseId}`);

const dir = mkdtempSync(path.join(tmpdir(), 'opslab-bench-grade-'));
const perHost: Record<string, string> = {};
for (const s of solveStepsOf(ex)) perHost[s.host] = `${perHost[s.host] ?? ''}\n${s.script}`;
for (let i = 0; i < count; i++) {
  const sub = path.join(dir, `s${String(i).padStart(2, '0')}`);
  mkdirSync(sub);
  if (i % 2 === 0) for (const [host, script] of Object.entries(perHost)) writeFileSync(path.join(sub, `${host}.sh`), script);
}
const engines = await createEngines({ mode: 'auto' });
const labs = createLabManager({ engines, exercises: () => curriculum.exercises, instance: 'bench-grade', maxLabs: 1000 });
const submissions = readSubmissions({ dir, hosts: ex.lab.hosts.map((h) => h.name) });
const rate = async (concurrency: number) => {
  const t0 = performance.now();
  const graded = await gradeAll({ labs, blueprint: blueprintOf(ex), checks: checksOf(ex), submissions, concurrency });
  const perMin = (graded.length / ((performance.now() - t0) / 1000)) * 60;
  const verdicts = graded.map((g) => g.results.status[0]).join('');
  return { concurrency, perMin, verdicts };
};
try {
  const results = [];
  const picked = defaultConcurrency(await engines.pick(blueprintOf(ex).requires));
  const levels = (process.argv[4] ?? '1,2,4,6').split(',').map((c) => (c === 'default' ? picked : Number(c)));
  for (const c of levels) {
    const r = await rate(c);
    results.push(r);
    console.log(`  concurrency ${c}: ${r.perMin.toFixed(1)} submissions/min (verdicts ${r.verdicts})`);
  }
  const base = results[0]!;
  const best = results.reduce((a, b) => (b.perMin > a.perMin ? b : a));
  console.log(`grade ${exerciseId}: ${count} submissions (opslab grade's default concurrency here: ${picked}); concurrency ${base.concurrency}: ${base.perMin.toFixed(1)}/min; best (concurrency ${best.concurrency}): ${best.perMin.toFixed(1)}/min; ratio ${(best.perMin / base.perMin).toFixed(2)}`);
  console.log(`  deterministic across runs: ${results.every((r) => r.verdicts === base.verdicts) ? 'yes' : 'NO'}`);
} finally {
  await labs.close({ destroyAll: true });
  await engines.close();
}
