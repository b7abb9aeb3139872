// Run checks in a lab and gather them into an Exercism-like results.json.
import type { CheckResult, Results } from '../../shared/api.js';
import { isOpslabError } from '../errors.js';
import type { ExecResult } from '../lab/runtime.js';
import { judge } from './contract.js';

export interface CheckToRun {
  taskId: string;
  name: string;
  host: string;
  script: string;
  timeoutSeconds: number;
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

/** Checks of one task run in order; each one's outcome is independent of the others. */
export async function runChecks(props: { checks: CheckToRun[]; run: RunScript; onStart?: (c: CheckToRun) => void; onResult?: (r: CheckResult) => void }): Promise<Results> {
  const tests: CheckResult[] = [];
  for (const check of props.checks) {
    const timeoutMs = check.timeoutSeconds * 1000;
    const started = Date.now();
    props.onStart?.(check);
    let result: CheckResult;
    try {
      const res = await props.run({ host: check.host, script: check.script, timeoutMs });
      const verdict = judge(res, timeoutMs);
      result = { name: check.name, task_id: check.taskId, host: check.host, ...verdict, output: res.output, duration_ms: res.durationMs };
    } catch (e) {
      const message = isOpslabError(e) ? e.message : `The check could not run: ${(e as Error).message}`;
      result = { name: check.name, task_id: check.taskId, host: check.host, status: 'error', message, output: '', duration_ms: Date.now() - started };
    }
    tests.push(result);
    props.onResult?.(result);
  }
  return summarize(tests);
}

export function summarize(tests: CheckResult[]): Results {
  const status = tests.some((t) => t.status === 'error') ? 'error' : tests.some((t) => t.status === 'fail') ? 'fail' : 'pass';
  const failed = tests.filter((t) => t.status !== 'pass');
  const message =
    status === 'pass'
      ? `All ${tests.length} check(s) passed.`
      : `${failed.length} of ${tests.length} check(s) did not pass: ${failed.map((t) => t.name).join('; ')}`;
  return { version: 3, status, message, tests };
}
