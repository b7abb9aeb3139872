// `opslab check LAB [--task T]`: run a CLI lab's checks and print results.json.
import { runChecks } from '../check/run.js';
import { terminalSafeJson } from '../check/terminal-text.js';
import { OpslabError } from '../errors.js';
import { checksOf } from '../platform.js';
import { flagString } from './args.js';
import { cliLabs } from './lab.js';

export async function checkCommand(argv: string[]): Promise<number> {
  const { args, curriculum, engines, labs } = await cliLabs(argv);
  try {
    const lab = labs.get(args.positional[0] ?? '');
    const ex = curriculum.exercises.get(lab.exercise);
    if (!ex) throw new OpslabError('EXERCISE_NOT_FOUND', `Exercise '${lab.exercise}' is not in the curriculum.`);
    const results = await runChecks({ checks: checksOf(ex, flagString(args, 'task')), run: (p) => labs.run({ lab, ...p }) });
    // Messages and output come from the lab (learner-controlled): JSON escapes C0, this C1 and bidi too.
    process.stdout.write(terminalSafeJson(results) + '\n');
    return results.status === 'pass' ? 0 : 1;
  } finally {
    await labs.close();
    await engines.close();
  }
}
