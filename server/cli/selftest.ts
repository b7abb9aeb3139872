// `opslab selftest [EXERCISE...] [--concurrency N] [--json]`: every lab exercise (or those named)
// in a fresh lab; exit 1 on any deviation.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { selftestExercise, type SelftestReport, type SolveStep } from '../check/selftest.js';
import { terminalSafe, terminalSafeJson } from '../check/terminal-text.js';
import { loadCurriculum, formatProblem, type Exercise } from '../curriculum/index.js';
import { blueprintOf, checksOf, createEngines, createLabManager, runnableScript } from '../platform.js';
import { flagString, parseArgs } from './args.js';

export function solveStepsOf(ex: Exercise): SolveStep[] {
  return ex.tasks.flatMap((t) =>
    t.solve.flatMap((s) => (Array.isArray(s.host) ? s.host : [s.host]).map((host) => ({ taskId: t.id, host, script: runnableScript(ex, s.script), name: s.script }))),
  );
}

export async function selftestCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const { curriculum, problems } = loadCurriculum(flagString(args, 'curriculum', 'curricula')!);
  const wanted = args.positional.length ? args.positional : [...curriculum.exercises.values()].filter((e) => e.lab).map((e) => e.id);
  // Problems in the exercises under test stop it; problems elsewhere (another author's draft) are only shown.
  const dirs = wanted.map((id) => curriculum.exercises.get(id)?.dir).filter((d): d is string => Boolean(d));
  const blocking = problems.filter((p) => dirs.some((d) => path.resolve(p.file).startsWith(d + path.sep)));
  for (const p of problems) process.stderr.write(`${blocking.includes(p) ? '' : 'warning: '}${terminalSafe(formatProblem(p))}\n`);
  if (blocking.length) return 1;
  const unknown = wanted.filter((id) => !curriculum.exercises.get(id)?.lab);
  if (unknown.length) {
    process.stderr.write(`selftest: not lab exercises: ${unknown.join(', ')}\n`);
    return 2;
  }
  // With --json, stdout carries only the JSON; progress goes to stderr. Lines carry check messages
  // and script output from the lab: one line each, control characters shown, not obeyed.
  const log = (l: string) => (args.flags.json ? process.stderr : process.stdout).write(`${terminalSafe(l, { oneLine: true })}\n`);
  const engines = await createEngines({ mode: (flagString(args, 'engine', process.env.OPSLAB_ENGINE ?? 'auto') as 'auto'), log: args.flags.verbose ? log : undefined });
  const labs = createLabManager({ engines, exercises: () => curriculum.exercises, instance: `selftest-${randomBytes(3).toString('hex')}` });
  const concurrency = Math.max(1, Number(flagString(args, 'concurrency', '2')));
  const reports: SelftestReport[] = [];
  const queue = [...wanted];
  try {
    await Promise.all(
      Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
        for (let id = queue.shift(); id; id = queue.shift()) {
          const ex = curriculum.exercises.get(id)!;
          const report = await selftestExercise({ labs, blueprint: blueprintOf(ex), checks: checksOf(ex), solve: solveStepsOf(ex), log });
          reports.push(report);
          log(`${report.ok ? 'PASS' : 'FAIL'} ${id} (${report.engine ?? '-'} engine, ${(report.durationMs / 1000).toFixed(1)} s, ${report.fresh.length} checks)`);
          for (const d of report.deviations) log(`     - ${d}`);
          for (const n of report.notes) log(`     note: ${n}`);
        }
      }),
    );
  } finally {
    await labs.close({ destroyAll: true });
    await engines.close();
  }
  if (args.flags.json) process.stdout.write(terminalSafeJson(reports) + '\n');
  const bad = reports.filter((r) => !r.ok);
  log(`selftest: ${reports.length - bad.length} passed, ${bad.length} failed`);
  return bad.length ? 1 : 0;
}
