// `opslab lab up EXERCISE | lab down LAB... | lab ls [--json] | lab gc`: labs from the command line
// (label instance "cli", so a running server's labs are never touched).
import { OpslabError } from '../errors.js';
import { blueprintOf } from '../exercise-lab.js';
import { cliLabs, labOptions } from './cli-labs.js';
import { defineCommand, defineGroup, text } from './command.js';
import { capture, exec, fault, solveUpTo, view } from './lab-view.js';
import { solveStepsOf } from './selftest.js';

type CliLabs = Awaited<ReturnType<typeof cliLabs>>;
export { CLI_INSTANCE, cliLabs, labOptions } from './cli-labs.js';

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
  summary: 'start a lab and print its hosts and addresses (with --solve: solved, up to a task)',
  details: 'With --solve the solve scripts of every task run (up to --upto TASK, included), as the self-test runs them: for authors checking later tasks. With --json: {"id", "exercise", "engine", "solvedUpTo", "hosts": [{"name", "addresses", "container"}], "env"}.',
  positionals: [{ name: 'EXERCISE', description: 'the id of a lab exercise' }],
  options: {
    ...labOptions,
    solve: { type: 'boolean', description: "apply the tasks' solve scripts once the lab is ready" },
    upto: { type: 'string', value: 'TASK', description: 'with --solve: stop after this task', kind: text },
    json: { type: 'boolean', description: 'print the lab as JSON' },
  },
  check: ({ values }) => (values.upto && !values.solve ? '--upto goes with --solve' : undefined),
  run: ({ args, settings }) =>
    withLabs({ settings, engine: args.values.engine, curriculum: args.values.curriculum }, async (open) => {
      const { curriculum, labs } = open;
      const id = args.positionals[0]!;
      const ex = curriculum.exercises.get(id);
      if (!ex) throw new OpslabError('EXERCISE_NOT_FOUND', `No exercise '${id}' in the curriculum.`);
      const lab = await labs.ready((await labs.start({ learner: 'cli', blueprint: blueprintOf(ex) })).id);
      const tasks = ex.tasks.map((t) => t.id);
      const log = (line: string) => process.stderr.write(`${lab.id}: ${line}\n`);
      if (args.values.solve) await solveUpTo({ open, lab, steps: solveStepsOf(ex), tasks, upto: args.values.upto, log });
      const solvedUpTo = args.values.solve ? (args.values.upto ?? tasks.at(-1)) : undefined;
      if (args.values.json) {
        const hosts = lab.hosts.map((h) => ({ name: h.name, addresses: h.addresses, container: h.containerId }));
        process.stdout.write(`${JSON.stringify({ id: lab.id, exercise: lab.exercise, engine: lab.engine.kind, solvedUpTo: solvedUpTo ?? null, hosts, env: lab.env }, null, 2)}\n`);
        return 0;
      }
      process.stdout.write(`${lab.id} ready on the ${lab.engine.kind} engine${solvedUpTo ? `, solved up to task ${solvedUpTo}` : ''}\n`);
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
  summary: 'start, list, remove, look inside and break labs from the command line (up, down, ls, gc, exec, view, capture, fault)',
  details: 'Labs made here carry the instance label "cli": a running server\'s labs are never touched.',
  subcommands: [up, down, ls, gc, exec, view, capture, fault],
});
