// The self-test of an exercise: a fresh lab must make every check fail (not error, not pass),
// and after the solve scripts every check must pass.
import type { CheckResult } from '../api-types.js';
import type { LabManager } from '../lab/manager.js';
import type { LabBlueprint } from '../lab/types.js';
import { runChecks, type CheckToRun } from './run.js';

export interface SolveStep {
  taskId: string;
  host: string;
  script: string;
  name: string;
}

export interface SelftestReport {
  exercise: string;
  ok: boolean;
  engine?: string;
  fresh: CheckResult[];
  solved: CheckResult[];
  deviations: string[];
  durationMs: number;
}

export async function selftestExercise(props: {
  labs: LabManager;
  blueprint: LabBlueprint;
  checks: CheckToRun[];
  solve: SolveStep[];
  log?: (line: string) => void;
}): Promise<SelftestReport> {
  const { labs, blueprint, checks, solve } = props;
  const log = props.log ?? (() => {});
  const t0 = Date.now();
  const report: SelftestReport = { exercise: blueprint.exercise, ok: false, fresh: [], solved: [], deviations: [], durationMs: 0 };
  let labId: string | undefined;
  try {
    const started = await labs.start({ learner: `selftest-${blueprint.exercise}`, blueprint });
    labId = started.id;
    const lab = await labs.ready(started.id);
    report.engine = lab.engine.kind;
    log(`${blueprint.exercise}: lab ready on the ${lab.engine.kind} engine, running ${checks.length} check(s) on the fresh lab`);
    const run = (p: { host: string; script: string; timeoutMs: number }) => labs.run({ lab, ...p });
    report.fresh = (await runChecks({ checks, run })).tests;
    for (const t of report.fresh) {
      if (t.status !== 'fail') report.deviations.push(`fresh lab: [${t.task_id}] "${t.name}" gave ${t.status}, expected fail${t.message ? `: ${t.message}` : ''}`);
    }
    for (const step of solve) {
      log(`${blueprint.exercise}: solve ${step.taskId}: ${step.name} on ${step.host}`);
      const res = await run({ host: step.host, script: step.script, timeoutMs: 180_000 });
      if (res.exitCode !== 0) {
        report.deviations.push(`solve script ${step.name} on ${step.host} ${res.timedOut ? 'timed out' : `exited with ${res.exitCode}`}: ${res.output.trim().split('\n').slice(-5).join(' | ')}`);
      }
    }
    report.solved = (await runChecks({ checks, run })).tests;
    for (const t of report.solved) {
      if (t.status !== 'pass') report.deviations.push(`after solving: [${t.task_id}] "${t.name}" gave ${t.status}, expected pass: ${t.message}`);
    }
  } catch (e) {
    report.deviations.push(`the lab could not be used: ${(e as Error).message}`);
  } finally {
    if (labId) await labs.destroy(labId).catch(() => {});
  }
  report.ok = report.deviations.length === 0;
  report.durationMs = Date.now() - t0;
  return report;
}
