// `opslab grade EXERCISE --submissions DIR [--concurrency N] [--out DIR] [--json] [--locale L]`
// `opslab grade --live [--cohort C] [--server URL]` (token: OPSLAB_TOKEN or --token T): the checks of every active lab.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { availableParallelism } from 'node:os';
import { randomBytes } from 'node:crypto';
import { gradeAll, readSubmissions } from '../check/grade.js';
import { localizeResults, type WithMessages } from '../check/messages.js';
import { commonMistakesText, summaryTable, toCsv, toJunit } from '../check/report.js';
import { terminalSafe, terminalSafeJson } from '../check/terminal-text.js';
import { loadCurriculum } from '../curriculum/index.js';
import { OpslabError } from '../errors.js';
import { createEngines } from '../engine/connect.js';
import type { Engine } from '../engine/types.js';
import { createInspector, createLabManager } from '../platform.js';
import { blueprintOf, checksOf } from '../exercise-lab.js';
import { type Settings, settingKind } from '../config.js';
import type { Results } from '../../shared/api.js';
import { LOCALES, type Locale } from '../../shared/i18n.js';
import { type Args, defineCommand, oneOf, type OptionSpecs, text, UsageError, wholeNumber } from './command.js';
import { curriculumOption, engineModeOption } from './options.js';

const BATCH_ONLY = ['submissions', 'concurrency', 'out', 'engine', 'curriculum'] as const;
const LIVE_ONLY = ['cohort', 'server', 'token'] as const;


const GRADE_OPTIONS = {
  submissions: { type: 'string', value: 'DIR', kind: text, description: 'one folder per submission' },
  concurrency: { type: 'string', value: 'N', kind: wholeNumber(1, 100), description: 'labs at a time (default: what the engine holds, see below)' },
  out: { type: 'string', value: 'DIR', kind: text, description: 'write <submission>/results.json, results.csv and junit.xml here' },
  json: { type: 'boolean', description: 'print the results as JSON (no progress bar)' },
  locale: { type: 'string', value: 'L', kind: oneOf(LOCALES), description: `the language of the check messages: ${LOCALES.join(', ')} (default en)` },
  engine: engineModeOption,
  curriculum: curriculumOption,
  live: { type: 'boolean', description: 'grade the active labs of a running server instead' },
  cohort: { type: 'string', value: 'C', kind: text, description: 'with --live: only this cohort' },
  server: { type: 'string', value: 'URL', kind: settingKind('server'), description: 'with --live: the server (default: OPSLAB_SERVER, else http://127.0.0.1:8080)' },
  token: { type: 'string', value: 'T', kind: settingKind('token'), secret: true, description: "with --live: the grader's token (prefer OPSLAB_TOKEN: argv shows in `ps`)" },
} as const satisfies OptionSpecs;

export const command = defineCommand({
  name: 'grade',
  summary: 'one fresh lab per submission (results.json, CSV, JUnit), or --live: the checks of every active lab on a server',
  forms: [
    'EXERCISE --submissions DIR [--concurrency N] [--out DIR] [--json] [--locale L] [--engine auto|local|vm] [--curriculum DIR]',
    '--live [--cohort C] [--server URL] [--json] [--locale L]        (the token: OPSLAB_TOKEN, or --token T)',
  ],
  details: [
    '--submissions DIR holds one folder per submission, with a <host>.sh inside for each host it configures.',
    'Without --concurrency: as many labs at a time as the vm engine holds (at most 3), else two per CPU core (at most 8).',
    "--live asks a running server (a grader's token) to run the checks of every ready lab. Give the",
    'token as OPSLAB_TOKEN rather than --token: a command line shows in `ps` to every user.',
    'Messages are in English unless --locale asks for another language (English where a catalog lacks one);',
    'each check keeps its message_key (results.json, a CSV column, JUnit <failure type>), the same in every language.',
    'Exit 0 when every submission was graded, whatever their results (see the table or --out);',
    '1 when grading could not run or the server refused.',
  ].join('\n'),
  positionals: [{ name: 'EXERCISE', description: 'the lab exercise the submissions are for (not with --live)', optional: true }],
  options: GRADE_OPTIONS,
  check({ values, positionals }) {
    const given = (names: readonly string[]) => names.filter((n) => values[n as keyof typeof values] !== undefined).map((n) => `--${n}`);
    if (values.live) {
      if (positionals.length) return 'grade --live takes no EXERCISE';
      const wrong = given(BATCH_ONLY);
      return wrong.length ? `${wrong.join(', ')}: not with --live` : undefined;
    }
    if (!positionals[0]) return 'missing EXERCISE (or --live)';
    if (!values.submissions) return 'missing --submissions DIR';
    const wrong = given(LIVE_ONLY);
    return wrong.length ? `${wrong.join(', ')}: only with --live` : undefined;
  },
  run: ({ args, settings }) =>
    args.values.live ? gradeLive({ target: liveTarget({ values: args.values, settings }), json: args.values.json, locale: args.values.locale }) : gradeSubmissions({ args, settings }),
});

type GradeArgs = Args<typeof GRADE_OPTIONS>;

/**
 * Labs graded at a time when --concurrency is not given. A lab spends much of its time waiting (its
 * engine starting containers, checks that watch behaviour over time), so a few overlap well: on the
 * vm engine as many as its guest holds (at most 3: one emulated CPU runs them all); elsewhere two
 * per CPU core, at most 8. Measured in bench/grade.ts.
 */
export function defaultConcurrency(engine: Engine): number {
  if (engine.labBudget) return Math.max(1, Math.min(engine.labBudget.maxLabs, 3));
  return Math.max(2, Math.min(availableParallelism() * 2, 8));
}

async function gradeSubmissions(props: { args: GradeArgs; settings: Settings }): Promise<number> {
  const { values, positionals } = props.args;
  const exerciseId = positionals[0]!;
  const subDir = values.submissions!;
  const { curriculum } = loadCurriculum(values.curriculum ?? props.settings.curriculumDir);
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

  const engines = await createEngines({ mode: values.engine ?? props.settings.engine });
  const concurrency = values.concurrency ?? (await engines.pick(blueprint.requires).then(defaultConcurrency, () => 1));
  const labs = createLabManager({ engines, exercises: () => curriculum.exercises, instance: `grade-${randomBytes(3).toString('hex')}`, maxLabs: 1000 });
  const inspector = createInspector({ labs, instance: labs.instance });
  const t0 = Date.now();
  const bar = progressBar({ total: submissions.length, t0, enabled: !values.json });
  try {
    const english = await gradeAll({ labs, blueprint, checks: checksOf(ex), submissions, concurrency, messages: ex.messages, drillFor: (lab) => inspector.drillOf(lab, 'grading'), onDone: (g, done) => {
        if (g.retried) warn(`${g.submission}: graded again on a fresh lab; the engine failed under the first (${g.retried})`);
        bar(done, g.submission, g.results.status);
      } });
    const graded = inLocale(english, ex, values.locale);
    const out = values.out;
    if (out) {
      for (const g of graded) {
        mkdirSync(path.join(out, g.submission), { recursive: true });
        // Same value as JSON.stringify gives, with C1 and bidi controls escaped too (files get `cat`).
        writeFileSync(path.join(out, g.submission, 'results.json'), terminalSafeJson(g.results) + '\n');
      }
      writeFileSync(path.join(out, 'results.csv'), toCsv(graded));
      writeFileSync(path.join(out, 'junit.xml'), toJunit({ exercise: exerciseId, graded }));
    }
    if (values.json) process.stdout.write(terminalSafeJson(graded.map((g) => ({ submission: g.submission, ...g.results }))) + '\n');
    else {
      process.stdout.write(`\n${summaryTable(graded)}\n`);
      const mistakes = commonMistakesText(graded);
      if (mistakes) process.stdout.write(`\n${mistakes}\n`);
      const pass = graded.filter((g) => g.results.status === 'pass').length;
      const secs = (Date.now() - t0) / 1000;
      process.stdout.write(`\n${pass} of ${graded.length} submissions pass; ${secs.toFixed(1)} s, ${((graded.length / secs) * 60).toFixed(1)} submissions/min at concurrency ${concurrency}${out ? `; results in ${out}/` : ''}\n`);
    }
    return 0;
  } finally {
    await inspector.close();
    await labs.close({ destroyAll: true });
    await engines.close();
  }
}

/** The graded results with their messages in `locale` (they were run in English). */
export function inLocale<G extends { results: Results }>(graded: G[], ex: WithMessages, locale: Locale | undefined): G[] {
  if (!locale || locale === 'en') return graded;
  return graded.map((g) => ({ ...g, results: localizeResults(g.results, ex, locale) }));
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

/** Where `grade --live` asks, and with which token: the flags, else the settings. */
export function liveTarget(props: { values: { server?: string; token?: string; cohort?: string }; settings: Pick<Settings, 'server' | 'token'> }): { server: string; token: string; cohort?: string } {
  const { values, settings } = props;
  const token = values.token ?? settings.token;
  if (!token) throw new UsageError("grade --live needs a grader's token: set OPSLAB_TOKEN (or give --token T)");
  return { server: (values.server ?? settings.server).replace(/\/$/, ''), token, cohort: values.cohort };
}

/** Ask a running server (grader token) to run the checks of every active lab. */
async function gradeLive(props: { target: { server: string; token: string; cohort?: string }; json: boolean; locale?: Locale }): Promise<number> {
  const { server, token, cohort } = props.target;
  // The server renders the messages (it has the catalogs): the language is asked for as a browser would.
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'accept-language': props.locale ?? 'en' };
  const res = await fetch(`${server}/api/grader/live${cohort ? `?cohort=${encodeURIComponent(cohort)}` : ''}`, { method: 'POST', headers });
  const body = (await res.json().catch(() => ({}))) as { labs?: { lab: string; learner: string; exercise: string; status: string; message: string }[]; message?: string };
  if (!res.ok) throw new OpslabError('BAD_REQUEST', `server said ${res.status}: ${terminalSafe(body.message ?? '', { oneLine: true })}`);
  // Learner names and check messages are learner-controlled: shown, never obeyed by the terminal.
  if (props.json) process.stdout.write(terminalSafeJson(body) + '\n');
  else for (const l of body.labs ?? []) process.stdout.write(`${terminalSafe([l.lab, l.learner, l.exercise, l.status, l.message].join('  '), { oneLine: true })}\n`);
  return 0;
}
