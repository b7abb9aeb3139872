// Run checks in a lab and gather them into an Exercism-like results.json.
import type { CheckResult, Results } from '../api-types.js';
import { isOpslabError } from '../errors.js';
import type { ExecResult } from '../lab/docker.js';
import { judge } from './contract.js';

export interface CheckToRun {
  taskId: string;
  name: string;
  host: string;
  script: string;
  timeoutSeconds: number;
}

export type RunScript = (props: { host: string; script: string; timeoutMs: number }) => Promise<ExecResult>;

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
