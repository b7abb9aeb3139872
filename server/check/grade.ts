// Batch grading: for each submission (a folder with <host>.sh per lab host), a fresh lab, the
// submission applied host by host in topology order, the checks run, the lab destroyed.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Results } from '../api-types.js';
import type { LabManager } from '../lab/manager.js';
import type { LabBlueprint } from '../lab/types.js';
import { runChecks, summarize, type CheckToRun } from './run.js';

export interface Submission {
  name: string;
  dir: string;
  /** host → script text */
  scripts: Record<string, string>;
  /** Files that name no host of the lab: reported, not run. */
  unknown: string[];
}

export interface Graded {
  submission: string;
  results: Results;
  durationMs: number;
}

const SUBMISSION_TIMEOUT_MS = 120_000;

export function readSubmissions(props: { dir: string; hosts: string[] }): Submission[] {
  if (!existsSync(props.dir) || !statSync(props.dir).isDirectory()) throw new Error(`no submissions folder ${props.dir}`);
  return readdirSync(props.dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const dir = path.join(props.dir, name);
      const files = readdirSync(dir).filter((f) => f.endsWith('.sh'));
      const scripts: Record<string, string> = {};
      for (const host of props.hosts) if (files.includes(`${host}.sh`)) scripts[host] = readFileSync(path.join(dir, `${host}.sh`), 'utf8');
      return { name, dir, scripts, unknown: files.filter((f) => !props.hosts.includes(f.slice(0, -3))) };
    });
}

export async function gradeSubmission(props: {
  labs: LabManager;
  blueprint: LabBlueprint;
  checks: CheckToRun[];
  submission: Submission;
}): Promise<Graded> {
  const { labs, blueprint, checks, submission } = props;
  const t0 = Date.now();
  let labId: string | undefined;
  try {
    const lab = await labs.ready((labId = (await labs.start({ learner: `grade-${submission.name}-${randomBytes(4).toString("hex")}`, blueprint })).id));
    // The submission runs as the learner would have: as root in each host, hosts in topology order.
    for (const host of blueprint.topology.hosts.map((h) => h.name)) {
      const script = submission.scripts[host];
      if (script === undefined) continue;
      await labs.run({ lab, host, script, timeoutMs: SUBMISSION_TIMEOUT_MS });
    }
    const results = await runChecks({ checks, run: (p) => labs.run({ lab, ...p }) });
    return { submission: submission.name, results, durationMs: Date.now() - t0 };
  } catch (e) {
    const results = summarize(
      checks.map((c) => ({ name: c.name, task_id: c.taskId, host: c.host, status: 'error' as const, message: `the lab could not be used: ${(e as Error).message}`, output: '', duration_ms: 0 })),
    );
    return { submission: submission.name, results, durationMs: Date.now() - t0 };
  } finally {
    if (labId) await labs.destroy(labId).catch(() => {});
  }
}

/** Grade every submission, `concurrency` at a time, in a stable order of results. */
export async function gradeAll(props: {
  labs: LabManager;
  blueprint: LabBlueprint;
  checks: CheckToRun[];
  submissions: Submission[];
  concurrency: number;
  onDone?: (g: Graded, done: number, total: number) => void;
}): Promise<Graded[]> {
  const out: Graded[] = new Array(props.submissions.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    for (let i = next++; i < props.submissions.length; i = next++) {
      out[i] = await gradeSubmission({ ...props, submission: props.submissions[i]! });
      props.onDone?.(out[i]!, ++done, props.submissions.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(props.concurrency, props.submissions.length)) }, worker));
  return out;
}
