// Run checks in a lab and gather them into an Exercism-like results.json.
import type { CheckResult, Results } from '../../shared/api.js';
import type { FaultStep } from '../../shared/lab-view.js';
import { isOpslabError, reasonOf } from '../errors.js';
import type { ExecResult } from '../lab/runtime.js';
import type { Messages } from '../curriculum/translations.js';
import { judge } from './contract.js';
import { describeDrill, type AppliedDrill, type Drill } from './drill.js';
import { platformMessage, renderMessage, summaryMessage } from './messages.js';

export type { Drill, AppliedDrill } from './drill.js';

export interface CheckToRun {
  taskId: string;
  name: string;
  host: string;
  script: string;
  timeoutSeconds: number;
  /** The drill of the check's task (the same on every check of the task): faults applied before its first check, undone after its last. */
  faults?: FaultStep[];
  /**
   * The message catalogs of the check's exercise (`Exercise.messages`): a `fail_t KEY` check's
   * message is KEY's English text from them. They travel with the check (checksOf sets them), so no
   * caller of runChecks can leave them out; results keep the key, so readers in other languages
   * get theirs later (localizeResults).
   */
  messages?: Messages;
}

export type RunScript = (props: { host: string; script: string; timeoutMs: number }) => Promise<ExecResult>;

/**
 * A setup, check or solve script as it is sent into a lab: the shared functions it may call (the
 * course's preludes, then the exercise's), then the script. One text on stdin, evaluated by one
 * bash (server/lab/scripts.ts), so the functions are defined before the script's own `set -eu`
 * runs, and nothing in the lab can change them. Each part starts on a line of its own, whether
 * or not the file before it ends with a newline.
 */
export function withPreludes(preludes: readonly { text: string }[], script: string): string {
  return [...preludes.map((p) => p.text), script].join('\n');
}

export interface RunChecksProps {
  checks: CheckToRun[];
  run: RunScript;
  /**
   * Applies a task's drill (its checks' `faults`) in the lab. runChecks calls it before the first
   * check of each task that has one and calls its restore after the task's last check, whatever
   * the checks said. Without it, the checks of a task with a drill are errors.
   */
  drill?: Drill;
  onStart?: (c: CheckToRun) => void;
  onResult?: (r: CheckResult) => void;
}

/**
 * Checks run in order; each one's outcome is independent of the others. The checks of a task with
 * a drill run between the drill and its undoing; when the drill cannot be applied they do not run
 * and are errors (the platform broke, not the learner's work).
 */
export async function runChecks(props: RunChecksProps): Promise<Results> {
  const tests: CheckResult[] = [];
  const record = (r: CheckResult) => {
    tests.push(r);
    props.onResult?.(r);
  };
  for (const group of byTask(props.checks)) {
    const steps = group.find((c) => c.faults?.length)?.faults;
    if (!steps) {
      for (const check of group) record(await runCheck(check, props));
      continue;
    }
    const taskId = group[0]!.taskId;
    const drill = describeDrill(steps);
    if (!props.drill) {
      const why = platformMessage('drill.needs-platform', { drill, task: taskId });
      for (const check of group) record(notRun(check, why, props));
      continue;
    }
    let applied: AppliedDrill;
    try {
      applied = await props.drill({ taskId, steps });
    } catch (e) {
      const why = platformMessage('drill.not-applied', { drill, reason: (e as Error).message });
      for (const check of group) record(notRun(check, why, props));
      continue;
    }
    try {
      for (const check of group) record(await runCheck(check, props));
    } finally {
      try {
        await applied.restore();
      } catch (e) {
        record({
          name: `the platform undoes the drill of task '${taskId}'`,
          task_id: taskId,
          host: firstHost(steps),
          status: 'error',
          ...platformMessage('drill.not-undone', { drill, reason: (e as Error).message }),
          output: '',
          duration_ms: 0,
        });
      }
    }
  }
  return summarize(tests);
}

async function runCheck(check: CheckToRun, props: RunChecksProps): Promise<CheckResult> {
  const timeoutMs = check.timeoutSeconds * 1000;
  const started = Date.now();
  props.onStart?.(check);
  try {
    const res = await props.run({ host: check.host, script: check.script, timeoutMs });
    const verdict = judge(res, timeoutMs);
    if (verdict.message_key) verdict.message = renderMessage({ messages: check.messages, key: verdict.message_key, args: verdict.message_args, locale: 'en' });
    return { name: check.name, task_id: check.taskId, host: check.host, ...verdict, output: res.output, duration_ms: res.durationMs };
  } catch (e) {
    const said = isOpslabError(e) ? platformMessage('check.lab-error', { reason: e.message }) : platformMessage('check.could-not-run', { reason: reasonOf(e) });
    return { name: check.name, task_id: check.taskId, host: check.host, status: 'error', ...said, output: '', duration_ms: Date.now() - started };
  }
}

function notRun(check: CheckToRun, why: ReturnType<typeof platformMessage>, props: RunChecksProps): CheckResult {
  props.onStart?.(check);
  return { name: check.name, task_id: check.taskId, host: check.host, status: 'error', ...why, output: '', duration_ms: 0 };
}

/** Runs of consecutive checks of one task, in order. */
function byTask(checks: readonly CheckToRun[]): CheckToRun[][] {
  const groups: CheckToRun[][] = [];
  for (const c of checks) {
    const last = groups[groups.length - 1];
    if (last && last[0]!.taskId === c.taskId) last.push(c);
    else groups.push([c]);
  }
  return groups;
}

function firstHost(steps: readonly FaultStep[]): string {
  for (const s of steps) if (s.action !== 'wait') return s.host;
  return '';
}

export function summarize(tests: CheckResult[]): Results {
  const status = tests.some((t) => t.status === 'error') ? 'error' : tests.some((t) => t.status === 'fail') ? 'fail' : 'pass';
  // The summary is said in English here (the grader, logs); localizeResults says it again for a reader.
  return { version: 3, status, message: summaryMessage(tests, 'en'), tests };
}
