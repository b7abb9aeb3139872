// `opslab lab up EXERCISE | lab down LAB... | lab ls [--json] | lab gc`: labs from the command line
// (label instance "cli", so a running server's labs are never touched).
import type { Settings } from '../config.js';
import { loadCurriculum } from '../curriculum/index.js';
import { OpslabError } from '../errors.js';
import { createEngines } from '../engine/connect.js';
import { createLabManager } from '../platform.js';
import { blueprintOf } from '../exercise-lab.js';
import { defineCommand, defineGroup } from './command.js';
import { curriculumOption, engineModeOption } from './options.js';

export const CLI_INSTANCE = 'cli';

/** The options every command that opens the CLI's labs takes. */
export const labOptions = { engine: engineModeOption, curriculum: curriculumOption } as const;

/** The curriculum, the engines and the CLI's labs (adopted, never reaped); close labs, then engines. */
export async function cliLabs(props: { settings: Settings; engine?: Settings['engine']; curriculum?: string }) {
  const { settings } = props;
  const { curriculum } = loadCurriculum(props.curriculum ?? settings.curriculumDir);
  const engines = await createEngines({ mode: props.engine ?? settings.engine });
  const labs = createLabManager({ engines, exercises: () => curriculum.exercises, instance: CLI_INSTANCE, log: (line, fields) => process.stderr.write(`${fields?.lab ? `${fields.lab}: ` : ''}${line}\n`) });
  await labs.reconcile({ adoptOnly: true });
  return { curriculum, engines, labs };
}

type CliLabs = Awaited<ReturnType<typeof cliLabs>>;

/** Runs `fn` with the CLI's labs open, and closes them (labs first, then engines) whatever happens. */
async function withLabs(props: Parameters<typeof cliLabs>[0], fn: (open: CliLabs) => Promise<number>): Promise<number> {
  const open = await cliLabs(props);
  try {
    return await fn(open);
  } finally {
    await open.labs.close();
    await open.engines.close();
  }
}

const up = defineCommand({
  name: 'lab up',
  summary: 'start a lab and print its hosts and addresses',
  positionals: [{ name: 'EXERCISE', description: 'the id of a lab exercise' }],
  options: labOptions,
  run: ({ args, settings }) =>
    withLabs({ settings, ...args.values }, async ({ curriculum, labs }) => {
      const id = args.positionals[0]!;
      const ex = curriculum.exercises.get(id);
      if (!ex) throw new OpslabError('EXERCISE_NOT_FOUND', `No exercise '${id}' in the curriculum.`);
      const lab = await labs.ready((await labs.start({ learner: 'cli', blueprint: blueprintOf(ex) })).id);
      process.stdout.write(`${lab.id} ready on the ${lab.engine.kind} engine\n`);
      for (const h of lab.hosts) process.stdout.write(`  ${h.name.padEnd(10)} ${Object.entries(h.addresses).map(([n, a]) => `${n}=${a}`).join(' ')}  (docker exec -it ${h.containerId.slice(0, 12)} bash)\n`);
      for (const [k, v] of Object.entries(lab.env)) process.stdout.write(`  $${k}=${v}\n`);
      return 0;
    }),
});

const down = defineCommand({
  name: 'lab down',
  summary: 'destroy labs (also half-built ones: whatever carries their label)',
  positionals: [{ name: 'LAB', description: 'lab ids, as `opslab lab ls` prints them', variadic: true }],
  options: labOptions,
  run: ({ args, settings }) =>
    withLabs({ settings, ...args.values }, async ({ labs }) => {
      for (const id of args.positionals) await labs.remove(id);
      return 0;
    }),
});

const ls = defineCommand({
  name: 'lab ls',
  summary: "the command line's labs: id, exercise, state, engine, since",
  details: 'With --json: {"labs": [{"id", "exercise", "state", "engine", "createdAt"}]} (engine: its kind; createdAt: ISO 8601).',
  options: {
    ...labOptions,
    json: { type: 'boolean', description: 'print them as JSON' },
  },
  run: ({ args, settings }) =>
    withLabs({ settings, engine: args.values.engine, curriculum: args.values.curriculum }, async ({ labs }) => {
      const list = labs.list({ all: true });
      if (args.values.json) {
        const rows = list.map((l) => ({ id: l.id, exercise: l.exercise, state: l.state, engine: l.engine.kind, createdAt: l.createdAt.toISOString() }));
        process.stdout.write(JSON.stringify({ labs: rows }, null, 2) + '\n');
      } else for (const l of list) process.stdout.write(`${l.id}  ${l.exercise}  ${l.state}  ${l.engine.kind}  since ${l.createdAt.toISOString()}\n`);
      return 0;
    }),
});

const gc = defineCommand({
  name: 'lab gc',
  summary: 'remove incomplete labs the command line left behind',
  options: labOptions,
  run: ({ args, settings }) =>
    withLabs({ settings, ...args.values }, async ({ labs }) => {
      const { removed } = await labs.reconcile();
      process.stdout.write(`removed ${removed.length} incomplete lab(s)${removed.length ? `: ${removed.join(', ')}` : ''}\n`);
      return 0;
    }),
});

export const command = defineGroup({
  name: 'lab',
  summary: 'start, list and remove labs from the command line (up, down, ls, gc)',
  details: 'Labs made here carry the instance label "cli": a running server\'s labs are never touched.',
  subcommands: [up, down, ls, gc],
});
