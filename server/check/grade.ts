// Batch grading: for each submission (a folder with <host>.sh per lab host), a fresh lab, the
// submission applied host by host in topology order, the checks run, the lab destroyed.
import { type Dir, lstatSync, opendirSync, statSync, type Stats } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Results } from '../../shared/api.js';
import { isOpslabError, OpslabError } from '../errors.js';
import { kindOf, readRegularFile } from '../safe-read.js';
import type { LabManager } from '../lab/manager.js';
import type { Lab, LabBlueprint } from '../lab/types.js';
import { platformMessage } from './messages.js';
import { runChecks, summarize, type CheckToRun, type Drill } from './run.js';

export interface Submission {
  name: string;
  dir: string;
  /** host → script text */
  scripts: Record<string, string>;
  /** Files that name no host of the lab: reported, not run. */
  unknown: string[];
  /**
   * Why the submission (or one of its scripts) was not read: a symbolic link, a FIFO, a file over
   * the size cap ... A submission with any is not run; every check of it is an `error` saying why.
   */
  refused: string[];
}

export interface Graded {
  submission: string;
  results: Results;
  durationMs: number;
  /** Why it was graded a second time, on a fresh lab: the engine failed under the first (not the submission's doing). */
  retried?: string;
}

/** A submission folder is learner-controlled: what reading one may cost is bounded. */
export interface SubmissionLimits {
  /** Bytes per script (a lab's solution is a few KiB). */
  scriptBytes: number;
  /** Submission folders per run. */
  submissions: number;
  /** Entries per submission folder. */
  filesPerSubmission: number;
}

export const SUBMISSION_LIMITS: SubmissionLimits = { scriptBytes: 256 * 1024, submissions: 2000, filesPerSubmission: 256 };

const SUBMISSION_TIMEOUT_MS = 120_000;

/**
 * One folder per submission under `dir`, each with `<host>.sh` per lab host. Nothing in a
 * submission is followed or waited on: a submission folder must be a real folder (not a symbolic
 * link), a script a regular file with one link, at most `limits.scriptBytes`, opened without
 * following links and without blocking. What is refused is listed in the submission's `refused`;
 * the other submissions are read as usual. Only an unusable `dir`, or more submissions than
 * `limits.submissions`, stops the whole run.
 */
export function readSubmissions(props: { dir: string; hosts: string[]; limits?: Partial<SubmissionLimits> }): Submission[] {
  const limits = { ...SUBMISSION_LIMITS, ...props.limits };
  const top = statOrUndefined(props.dir);
  if (!top?.isDirectory()) throw new OpslabError('BAD_REQUEST', `${props.dir} is not a folder of submissions (one folder per submission, with <host>.sh inside).`);
  const names: string[] = [];
  const listing = listFolder(props.dir, Infinity, (name, isCandidate) => {
    if (name.startsWith('.') || !isCandidate()) return;
    if (names.length >= limits.submissions) throw new OpslabError('BAD_REQUEST', `${props.dir} has more than ${limits.submissions} submission folders; grade them in parts.`);
    names.push(name);
  });
  if ('error' in listing) throw new OpslabError('BAD_REQUEST', `${props.dir} cannot be read (${listing.error}).`);
  return names.sort().map((name) => readSubmission({ name, dir: path.join(props.dir, name), hosts: props.hosts, limits }));
}

function readSubmission(props: { name: string; dir: string; hosts: string[]; limits: SubmissionLimits }): Submission {
  const { name, dir, hosts, limits } = props;
  const submission: Submission = { name, dir, scripts: {}, unknown: [], refused: [] };
  const st = lstatOrUndefined(dir);
  if (!st?.isDirectory()) {
    submission.refused.push(`${name} is ${st ? kindOf(st) : 'gone'}, not a folder: a submission must be a real folder holding its scripts`);
    return submission;
  }
  const files: string[] = [];
  const listing = listFolder(dir, limits.filesPerSubmission, (f) => void files.push(f));
  if ('error' in listing) {
    submission.refused.push(`${name} cannot be read (${listing.error})`);
    return submission;
  }
  if (listing.truncated) {
    submission.refused.push(`${name} has more than ${limits.filesPerSubmission} files; a submission holds one <host>.sh per lab host`);
    return submission;
  }
  const scripts = files.filter((f) => f.endsWith('.sh'));
  submission.unknown = scripts.filter((f) => !hosts.includes(f.slice(0, -3))).sort();
  for (const host of hosts) {
    if (!scripts.includes(`${host}.sh`)) continue;
    const read = readScript(path.join(dir, `${host}.sh`), limits.scriptBytes);
    if ('text' in read) submission.scripts[host] = read.text;
    else submission.refused.push(`${host}.sh ${read.refused}`);
  }
  return submission;
}

/** The text of a submitted script, or why it is refused (read as server/safe-read.ts reads any file others control). */
function readScript(file: string, maxBytes: number): { text: string } | { refused: string } {
  const r = readRegularFile(file, { maxBytes, singleLink: true });
  if (r.ok) return { text: r.text };
  switch (r.problem) {
    case 'missing':
      return { refused: 'is gone' };
    case 'not-a-file':
      return { refused: `is ${r.kind}, not a regular file: a submission holds its scripts themselves` };
    case 'hard-links':
      // A second name for the same file may be one outside the folder (a hard link to a secret).
      return { refused: `has other hard links (${r.links} names for one file); submit a copy of the script` };
    case 'too-large':
      return { refused: `is larger than ${Math.round(r.maxBytes / 1024)} KiB, the cap for one script` };
    case 'changed':
      return { refused: 'changed while it was being read' };
    default:
      return { refused: `cannot be opened (${'code' in r ? r.code : r.problem})` };
  }
}

/**
 * Names in a folder, streamed (a folder of a million entries is not read whole), at most `max`
 * (then `truncated`). `each` gets a name and a way to ask whether it leads to a folder (a
 * submission candidate), without a stat when the listing already says.
 */
function listFolder(dir: string, max: number, each: (name: string, isCandidate: () => boolean) => void): { truncated: boolean } | { error: string } {
  let handle: Dir;
  try {
    handle = opendirSync(dir);
  } catch (e) {
    return { error: (e as NodeJS.ErrnoException).code ?? String(e) };
  }
  try {
    let count = 0;
    for (let d = handle.readSync(); d; d = handle.readSync()) {
      if (++count > max) return { truncated: true };
      const entry = d;
      each(entry.name, () => {
        if (entry.isDirectory()) return true;
        if (entry.isFile() || entry.isFIFO() || entry.isSocket() || entry.isCharacterDevice() || entry.isBlockDevice()) return false;
        // A link (or an entry of unknown type) is a candidate when it leads to a folder; stat
        // follows it without opening anything, and readSubmission refuses the link itself.
        return Boolean(statOrUndefined(path.join(dir, entry.name))?.isDirectory());
      });
    }
    return { truncated: false };
  } catch (e) {
    if (e instanceof OpslabError) throw e;
    return { error: (e as NodeJS.ErrnoException).code ?? String(e) };
  } finally {
    handle.closeSync();
  }
}

function lstatOrUndefined(p: string): Stats | undefined {
  try {
    return lstatSync(p);
  } catch {
    return undefined;
  }
}

function statOrUndefined(p: string): Stats | undefined {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
}

export async function gradeSubmission(props: {
  labs: LabManager;
  blueprint: LabBlueprint;
  checks: CheckToRun[];
  submission: Submission;
  /** Applies task drills in each submission's lab (the lab view's faults). */
  drillFor?: (lab: Lab) => Drill;
}): Promise<Graded> {
  const { checks, submission } = props;
  const t0 = Date.now();
  // A refused submission is not run: running the rest of it would give a verdict on a part.
  if (submission.refused.length) {
    const refused = platformMessage('grade.refused', { reasons: submission.refused.join('; ') });
    const tests = checks.map((c) => ({ name: c.name, task_id: c.taskId, host: c.host, status: 'error' as const, ...refused, output: '', duration_ms: 0 }));
    return { submission: submission.name, results: { ...summarize(tests), status: 'error', message: refused.message }, durationMs: Date.now() - t0 };
  }
  const first = await gradeOnce(props);
  if (!first.engineFailed) return { submission: submission.name, results: first.results, durationMs: Date.now() - t0 };
  // The engine failed under the lab (a VM that died or was replaced, an engine that stopped
  // answering): that says nothing of the submission, so it is graded once more on a fresh lab. A
  // second failure is its result, as errors that say so.
  const second = await gradeOnce(props);
  return { submission: submission.name, results: second.results, durationMs: Date.now() - t0, retried: first.engineFailed };
}

/** One grading on a fresh lab; `engineFailed` says why when the engine, not the submission, spoiled it. */
async function gradeOnce(props: Parameters<typeof gradeSubmission>[0]): Promise<{ results: Results; engineFailed?: string }> {
  const { labs, blueprint, checks, submission } = props;
  let labId: string | undefined;
  let lab: Lab | undefined;
  try {
    labId = (await labs.start({ learner: `grade-${submission.name}-${randomBytes(4).toString("hex")}`, blueprint })).id;
    const ready = await labs.ready(labId);
    lab = ready;
    // The submission runs as the learner would have: as root in each host, hosts in topology order.
    for (const host of blueprint.topology.hosts.map((h) => h.name)) {
      const script = submission.scripts[host];
      if (script === undefined) continue;
      await labs.run({ lab: ready, host, script, timeoutMs: SUBMISSION_TIMEOUT_MS });
    }
    const results = await runChecks({ checks, run: (p) => labs.run({ lab: ready, ...p }), drill: props.drillFor?.(ready) });
    // The engine died while the checks ran: their errors are the engine's.
    return { results, engineFailed: engineFailure(ready) };
  } catch (e) {
    const results = summarize(
      checks.map((c) => ({ name: c.name, task_id: c.taskId, host: c.host, status: 'error' as const, ...platformMessage('grade.lab-unusable', { reason: (e as Error).message }), output: '', duration_ms: 0 })),
    );
    // A lab that failed to start says so in the error (ready() throws the lab's own error).
    return { results, engineFailed: engineFailure(lab, e) };
  } finally {
    if (labId) await labs.destroy(labId).catch(() => {});
  }
}

/** Why the engine failed under a grading (its lab failed with ENGINE_DOWN, or a call said so), if it did. */
function engineFailure(lab: Lab | undefined, error?: unknown): string | undefined {
  if (lab?.state === 'failed' && lab.error?.code === 'ENGINE_DOWN') return lab.error.message;
  if (isOpslabError(error) && error.code === 'ENGINE_DOWN') return error.message;
  return undefined;
}

/** Grade every submission, `concurrency` at a time, in a stable order of results. */
export async function gradeAll(props: {
  labs: LabManager;
  blueprint: LabBlueprint;
  checks: CheckToRun[];
  submissions: Submission[];
  concurrency: number;
  drillFor?: (lab: Lab) => Drill;
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
