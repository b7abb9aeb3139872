// `opslab grade EXERCISE --submissions DIR [--concurrency N] [--out DIR] [--json]`
// `opslab grade --live [--cohort C] [--server URL --token T]`: the checks of every active lab.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { gradeAll, readSubmissions } from '../check/grade.js';
import { summaryTable, toCsv, toJunit } from '../check/report.js';
import { terminalSafe, terminalSafeJson } from '../check/terminal-text.js';
import { loadCurriculum } from '../curriculum/index.js';
import { OpslabError } from '../errors.js';
import { blueprintOf, checksOf, createEngines, createLabManager } from '../platform.js';
import { flagString, parseArgs } from './args.js';

export async function gradeCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.flags.live) return gradeLive(args);
  const exerciseId = args.positional[0];
  const subDir = flagString(args, 'submissions');
  if (!exerciseId || !subDir) {
    process.stderr.write('usage: opslab grade EXERCISE --submissions DIR [--concurrency N] [--out DIR] [--json]\n       opslab grade --live [--cohort C] --server URL --token TOKEN\n');
    return 2;
  }
  const { curriculum } = loadCurriculum(flagString(args, 'curriculum', 'curricula')!);
  const ex = curriculum.exercises.get(exerciseId);
  if (!ex?.lab) throw new OpslabError('EXERCISE_NOT_FOUND', `No lab exercise '${exerciseId}'.`);
  const blueprint = blueprintOf(ex);
  const submissions = readSubmissions({ dir: subDir, hosts: blueprint.topology.hosts.map((h) => h.name) });
  if (submissions.length === 0) throw new OpslabError('BAD_REQUEST', `${subDir} has no submission folders (one folder per submission, with <host>.sh inside).`);
  // Submission and file names come from learners: every line about them is made terminal-safe.
  const warn = (line: string) => process.stderr.write(`warning: ${terminalSafe(line, { oneLine: true })}\n`);
  for (const s of submissions) {
    if (s.unknown.length) warn(`${s.name}: ${s.unknown.join(', ')} name no host of ${exerciseId} (hosts: ${blueprint.topology.hosts.map((h) => h.name).join(', ')})`);
    for (const why of s.refused) warn(`${s.name}: not run, ${why}`);
  }

  const concurrency = Math.max(1, Math.floor(Number(flagString(args, 'concurrency', '1'))) || 1);
  const engines = await createEngines({ mode: (flagString(args, 'engine', process.env.OPSLAB_ENGINE ?? 'auto') as 'auto') });
  const labs = createLabManager({ engines, exercises: () => curriculum.exercises, instance: `grade-${randomBytes(3).toString('hex')}`, maxLabs: 1000 });
  const t0 = Date.now();
  const bar = progressBar({ total: submissions.length, t0, enabled: !args.flags.json });
  try {
    const graded = await gradeAll({ labs, blueprint, checks: checksOf(ex), submissions, concurrency, onDone: (g, done) => bar(done, g.submission, g.results.status) });
    const out = flagString(args, 'out');
    if (out) {
      for (const g of graded) {
        mkdirSync(path.join(out, g.submission), { recursive: true });
        // Same value as JSON.stringify gives, with C1 and bidi controls escaped too (files get `cat`).
        writeFileSync(path.join(out, g.submission, 'results.json'), terminalSafeJson(g.results) + '\n');
      }
      writeFileSync(path.join(out, 'results.csv'), toCsv(graded));
      writeFileSync(path.join(out, 'junit.xml'), toJunit({ exercise: exerciseId, graded }));
    }
    if (args.flags.json) process.stdout.write(terminalSafeJson(graded.map((g) => ({ submission: g.submission, ...g.results }))) + '\n');
    else {
      process.stdout.write(`\n${summaryTable(graded)}\n`);
      const pass = graded.filter((g) => g.results.status === 'pass').length;
      const secs = (Date.now() - t0) / 1000;
      process.stdout.write(`\n${pass} of ${graded.length} submissions pass; ${secs.toFixed(1)} s, ${((graded.length / secs) * 60).toFixed(1)} submissions/min at concurrency ${concurrency}${out ? `; results in ${out}/` : ''}\n`);
    }
    return 0;
  } finally {
    await labs.close({ destroyAll: true });
    await engines.close();
  }
}

function progressBar(props: { total: number; t0: number; enabled: boolean }) {
  return (done: number, name: string, status: string) => {
    if (!props.enabled) return;
    const elapsed = (Date.now() - props.t0) / 1000;
    const eta = done ? (elapsed / done) * (props.total - done) : 0;
    const width = 24;
    const filled = Math.round((done / props.total) * width);
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${props.total}  ${elapsed.toFixed(0)} s, ETA ${eta.toFixed(0)} s  ${terminalSafe(`${name}: ${status}`, { oneLine: true })}`;
    process.stderr.write(process.stderr.isTTY ? `\r${line.padEnd(100)}${done === props.total ? '\n' : ''}` : `${line}\n`);
  };
}

/** Ask a running server (grader token) to run the checks of every active lab. */
async function gradeLive(args: ReturnType<typeof parseArgs>): Promise<number> {
  const server = flagString(args, 'server', process.env.OPSLAB_SERVER ?? 'http://127.0.0.1:8080')!;
  const token = flagString(args, 'token', process.env.OPSLAB_TOKEN);
  if (!token) throw new OpslabError('UNAUTHENTICATED', 'grade --live needs a grader token: --token T or OPSLAB_TOKEN.');
  const cohort = flagString(args, 'cohort');
  const res = await fetch(`${server}/api/grader/live${cohort ? `?cohort=${encodeURIComponent(cohort)}` : ''}`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  const body = (await res.json()) as { labs?: { lab: string; learner: string; exercise: string; status: string; message: string }[]; message?: string };
  if (!res.ok) throw new OpslabError('BAD_REQUEST', `server said ${res.status}: ${terminalSafe(body.message ?? '', { oneLine: true })}`);
  // Learner names and check messages are learner-controlled: shown, never obeyed by the terminal.
  if (args.flags.json) process.stdout.write(terminalSafeJson(body) + '\n');
  else for (const l of body.labs ?? []) process.stdout.write(`${terminalSafe([l.lab, l.learner, l.exercise, l.status, l.message].join('  '), { oneLine: true })}\n`);
  return 0;
}
