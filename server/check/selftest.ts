// The self-test of an exercise: a fresh lab must make every check fail (not error, not pass),
// and after the solve scripts every check must pass.
import type { CheckResult } from '../../shared/api.js';
import type { LabManager } from '../lab/manager.js';
import type { Lab, LabBlueprint } from '../lab/types.js';
import { withDeadline } from '../deadline.js';
import { runChecks, type CheckToRun, type Drill } from './run.js';

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
  /** What a reader of the report should know besides deviations (a retry, a failed clean-up). */
  notes: string[];
  /** Set when the engine under the lab died during the self-test (the message of the lab's failure). */
  engineDied?: string;
  durationMs: number;
}

export async function selftestExercise(props: {
  labs: LabManager;
  blueprint: LabBlueprint;
  checks: CheckToRun[];
  solve: SolveStep[];
  log?: (line: string) => void;
  /** The whole self-test of one exercise, lab start to destroy (default 20 minutes). */
  deadlineMs?: number;
  /** Run again, once, when the engine under the lab died (a VM killed by its watchdog); default true. */
  retryOnEngineDeath?: boolean;
  /** Applies task drills (the lab view's faults) in the self-test's lab; without it drill tasks are errors. */
  drillFor?: (lab: Lab) => Drill;
}): Promise<SelftestReport> {
  const first = await selftestOnce(props);
  if (!first.engineDied || props.retryOnEngineDeath === false) return first;
  props.log?.(`${props.blueprint.exercise}: the engine died under the lab (${first.engineDied}); running the self-test again on a fresh one`);
  const second = await selftestOnce(props);
  second.notes.unshift(`attempt 1 lost its engine (${first.engineDied}) after ${(first.durationMs / 1000).toFixed(0)} s; this is attempt 2`);
  second.durationMs += first.durationMs;
  return second;
}

async function selftestOnce(props: Parameters<typeof selftestExercise>[0]): Promise<SelftestReport> {
  const { labs, blueprint, checks, solve } = props;
  const log = props.log ?? (() => {});
  const deadlineMs = props.deadlineMs ?? 20 * 60_000;
  const t0 = Date.now();
  const report: SelftestReport = { exercise: blueprint.exercise, ok: false, fresh: [], solved: [], deviations: [], notes: [], durationMs: 0 };
  let lab: Lab | undefined;
  // Where the self-test is, so that one that runs out of time says what it was waiting for.
  let stage = 'starting the lab';
  const at = (s: string) => {
    stage = s;
    log(`${blueprint.exercise}: ${s}`);
  };
  const body = async () => {
    const started = await labs.start({ learner: `selftest-${blueprint.exercise}`, blueprint });
    lab = started;
    lab = await labs.ready(started.id);
    report.engine = lab.engine.kind;
    const ready = lab;
    const run = (p: { host: string; script: string; timeoutMs: number }) => labs.run({ lab: ready, ...p });
    const runAll = async (phase: string) =>
      (await runChecks({ checks, run, drill: props.drillFor?.(ready), onStart: (c) => at(`${phase}: check "${c.name}" on ${c.host}`) })).tests;
    at(`lab ready on the ${ready.engine.kind} engine; ${checks.length} check(s) on the fresh lab`);
    report.fresh = await runAll('fresh lab');
    for (const t of report.fresh) {
      if (t.status !== 'fail') report.deviations.push(`fresh lab: [${t.task_id}] "${t.name}" gave ${t.status}, expected fail${t.message ? `: ${t.message}` : ''}`);
    }
    for (const step of solve) {
      at(`solve ${step.taskId}: ${step.name} on ${step.host}`);
      const res = await run({ host: step.host, script: step.script, timeoutMs: 180_000 });
      if (res.exitCode !== 0) {
        report.deviations.push(`solve script ${step.name} on ${step.host} ${res.timedOut ? 'timed out' : `exited with ${res.exitCode}`}: ${res.output.trim().split('\n').slice(-5).join(' | ')}`);
      }
    }
    report.solved = await runAll('solved lab');
    for (const t of report.solved) {
      if (t.status !== 'pass') report.deviations.push(`after solving: [${t.task_id}] "${t.name}" gave ${t.status}, expected pass: ${t.message}`);
    }
  };
  try {
    await withDeadline(body(), deadlineMs, `the self-test of ${blueprint.exercise}`);
  } catch (e) {
    report.deviations.push(`${stage}: ${(e as Error).message}`);
  } finally {
    const died = lab?.error?.code === 'ENGINE_DOWN' && lab.state === 'failed' ? lab.error.message : undefined;
    if (died) {
      report.engineDied = died;
      report.deviations.push(`while ${stage}: ${died}`);
    }
    if (lab) await labs.destroy(lab.id).catch((e: Error) => report.notes.push(`destroying the lab failed: ${e.message}`));
  }
  report.ok = report.deviations.length === 0;
  report.durationMs = Date.now() - t0;
  return report;
}
