// `opslab lab up EXERCISE | lab down LAB | lab ls`: labs from the command line (label instance
// "cli", so a running server's labs are never touched).
import { loadCurriculum } from '../curriculum/index.js';
import { OpslabError } from '../errors.js';
import { removeLabResources } from '../lab/docker.js';
import { blueprintOf, createEngines, createLabManager } from '../platform.js';
import { flagString, parseArgs } from './args.js';

export const CLI_INSTANCE = 'cli';

export async function cliLabs(argv: string[]) {
  const args = parseArgs(argv);
  const { curriculum } = loadCurriculum(flagString(args, 'curriculum', 'curricula')!);
  const engines = await createEngines({ mode: (flagString(args, 'engine', process.env.OPSLAB_ENGINE ?? 'auto') as 'auto') });
  const labs = createLabManager({ engines, exercises: () => curriculum.exercises, instance: CLI_INSTANCE, log: (l) => process.stderr.write(`${l}\n`) });
  await labs.reconcile({ adoptOnly: true });
  return { args, curriculum, engines, labs };
}

export async function labCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const { args, curriculum, engines, labs } = await cliLabs(rest);
  try {
    if (sub === 'up') {
      const id = args.positional[0];
      const ex = id ? curriculum.exercises.get(id) : undefined;
      if (!ex) throw new OpslabError('EXERCISE_NOT_FOUND', `usage: opslab lab up EXERCISE (${id ? `no exercise '${id}'` : 'missing'})`);
      const lab = await labs.ready((await labs.start({ learner: 'cli', blueprint: blueprintOf(ex) })).id);
      process.stdout.write(`${lab.id} ready on the ${lab.engine.kind} engine\n`);
      for (const h of lab.hosts) process.stdout.write(`  ${h.name.padEnd(10)} ${Object.entries(h.addresses).map(([n, a]) => `${n}=${a}`).join(' ')}  (docker exec -it ${h.containerId.slice(0, 12)} bash)\n`);
      for (const [k, v] of Object.entries(lab.env)) process.stdout.write(`  $${k}=${v}\n`);
      return 0;
    }
    if (sub === 'down') {
      for (const id of args.positional) {
        if (labs.list({ all: true }).some((l) => l.id === id)) await labs.destroy(id);
        // Not adopted (half-built, or its exercise is gone): remove what carries its label.
        else for (const engine of engines.all()) await removeLabResources({ docker: engine.docker, instance: CLI_INSTANCE, lab: id });
      }
      return 0;
    }
    if (sub === 'gc') {
      const { removed } = await labs.reconcile();
      process.stdout.write(`removed ${removed.length} incomplete lab(s)${removed.length ? `: ${removed.join(', ')}` : ''}\n`);
      return 0;
    }
    if (sub === 'ls') {
      for (const l of labs.list({ all: true })) process.stdout.write(`${l.id}  ${l.exercise}  ${l.state}  ${l.engine.kind}  since ${l.createdAt.toISOString()}\n`);
      return 0;
    }
    process.stderr.write('usage: opslab lab up EXERCISE | lab down LAB... | lab ls | lab gc\n');
    return 2;
  } finally {
    await labs.close();
    await engines.close();
  }
}
