// `opslab selftest [EXERCISE...] [--concurrency N] [--json]`: every lab exercise (or those named)
// in a fresh lab; exit 1 on any deviation.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { selftestExercise, type SelftestReport, type SolveStep } from '../check/selftest.js';
import { terminalSafe, terminalSafeJson } from '../check/terminal-text.js';
import { loadCurriculum, formatProblem, type Curriculum, type Exercise } from '../curriculum/index.js';
import { createEngines } from '../engine/connect.js';
import { createInspector, createLabManager } from '../platform.js';
import { blueprintOf, checksOf, runnableScript } from '../exercise-lab.js';
import { defineCommand, UsageError, wholeNumber } from './command.js';
import { curriculumOption, engineModeOption } from './options.js';

export function solveStepsOf(ex: Exercise): SolveStep[] {
  return ex.tasks.flatMap((t) =>
    t.solve.flatMap((s) => (Array.isArray(s.host) ? s.host : [s.host]).map((host) => ({ taskId: t.id, host, script: runnableScript(ex, s.script), name: s.script }))),
  );
}

export const command = defineCommand({
  name: 'selftest',
  summary: 'fresh lab: every check fails; after the solve scripts: every check passes',
  details: [
    'Exit 0 when every exercise behaves so, 1 when one deviates (or its files have problems),',
    '2 when a named exercise is not a lab exercise. With --json, stdout carries only the reports.',
  ].join('\n'),
  positionals: [{ name: 'EXERCISE', description: 'lab exercises to test (default: every lab exercise)', optional: true, variadic: true }],
  options: {
    concurrency: { type: 'string', value: 'N', kind: wholeNumber(1, 64), default: '2', description: 'exercises at a time' },
    json: { type: 'boolean', description: 'print the reports as JSON; progress goes to stderr' },
    verbose: { type: 'boolean', short: 'v', description: "print the engines' progress too" },
    engine: engineModeOption,
    curriculum: curriculumOption,
  },
  async run({ args, settings }) {
    const { values } = args;
    const { curriculum, problems } = loadCurriculum(values.curriculum ?? settings.curriculumDir);
    const wanted = args.positionals.length ? args.positionals : [...curriculum.exercises.values()].filter((e) => e.lab).map((e) => e.id);
    // Problems in the exercises under test stop it; problems elsewhere (another author's draft) are only shown.
    const dirs = wanted.map((id) => curriculum.exercises.get(id)?.dir).filter((d): d is string => Boolean(d));
    const blocking = problems.filter((p) => dirs.some((d) => path.resolve(p.file).startsWith(d + path.sep)));
    for (const p of problems) process.stderr.write(`${blocking.includes(p) ? '' : 'warning: '}${terminalSafe(formatProblem(p))}\n`);
    if (blocking.length) return 1;
    const unknown = wanted.filter((id) => !curriculum.exercises.get(id)?.lab);
    if (unknown.length) throw new UsageError(`not lab exercises: ${unknown.join(', ')}`);
    // With --json, stdout carries only the JSON; progress goes to stderr. Lines carry check messages
    // and script output from the lab: one line each, control characters shown, not obeyed.
    const log = (l: string) => (values.json ? process.stderr : process.stdout).write(`${terminalSafe(l, { oneLine: true })}\n`);
    const engines = await createEngines({ mode: values.engine ?? settings.engine, log: values.verbose ? log : undefined });
    const instance = `selftest-${randomBytes(3).toString('hex')}`;
    const labs = createLabManager({ engines, exercises: () => curriculum.exercises, instance });
    return runSelftests({ curriculum, wanted, labs, engines, concurrency: values.concurrency, json: values.json, log });
  },
});

async function runSelftests(props: { curriculum: Curriculum; wanted: string[]; labs: ReturnType<typeof createLabManager>; engines: Awaited<ReturnType<typeof createEngines>>; concurrency: number; json: boolean; log: (line: string) => void }): Promise<number> {
  const { curriculum, wanted, labs, engines, concurrency, log } = props;
  // Task drills (exercise.yaml `faults:`) run through the lab view's faults, as a learner's check does.
  const inspector = createInspector({ labs, instance: labs.instance });
  const reports: SelftestReport[] = [];
  const queue = [...wanted];
  try {
    await Promise.all(
      Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
        for (let id = queue.shift(); id; id = queue.shift()) {
          const ex = curriculum.exercises.get(id)!;
          const report = await selftestExercise({ labs, blueprint: blueprintOf(ex), checks: checksOf(ex), solve: solveStepsOf(ex), log, drillFor: (lab) => inspector.drillOf(lab, 'selftest') });
          reports.push(report);
          log(`${report.ok ? 'PASS' : 'FAIL'} ${id} (${report.engine ?? '-'} engine, ${(report.durationMs / 1000).toFixed(1)} s, ${report.fresh.length} checks)`);
          for (const d of report.deviations) log(`     - ${d}`);
          for (const n of report.notes) log(`     note: ${n}`);
        }
      }),
    );
  } finally {
    await inspector.close();
    await labs.close({ destroyAll: true });
    await engines.close();
  }
  if (props.json) process.stdout.write(terminalSafeJson(reports) + '\n');
  const bad = reports.filter((r) => !r.ok);
  log(`selftest: ${reports.length - bad.length} passed, ${bad.length} failed`);
  return bad.length ? 1 : 0;
}
