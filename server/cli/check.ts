// `opslab check LAB [--task T]`: run a CLI lab's checks and print results.json.
import { runChecks } from '../check/run.js';
import { terminalSafeJson } from '../check/terminal-text.js';
import { OpslabError } from '../errors.js';
import { checksOf } from '../exercise-lab.js';
import { defineCommand, text } from './command.js';
import { createInspector } from '../platform.js';
import { CLI_INSTANCE, cliLabs, labOptions } from './cli-labs.js';

export const command = defineCommand({
  name: 'check',
  summary: "run the checks of a lab from `opslab lab up`; results as JSON",
  details: 'Exit 0 when every check passes, 1 when one fails (or the lab cannot be checked).',
  positionals: [{ name: 'LAB', description: 'a lab id, as `opslab lab ls` prints it' }],
  options: {
    task: { type: 'string', value: 'T', kind: text, description: 'only the checks of this task' },
    ...labOptions,
  },
  async run({ args, settings }) {
    const { curriculum, engines, labs } = await cliLabs({ settings, engine: args.values.engine, curriculum: args.values.curriculum });
    const inspector = createInspector({ labs, instance: CLI_INSTANCE });
    try {
      const lab = labs.get(args.positionals[0]!);
      const ex = curriculum.exercises.get(lab.exercise);
      if (!ex) throw new OpslabError('EXERCISE_NOT_FOUND', `Exercise '${lab.exercise}' is not in the curriculum.`);
      const results = await runChecks({ checks: checksOf(ex, args.values.task), run: (p) => labs.run({ lab, ...p }), drill: inspector.drillOf(lab, 'opslab check') });
      // Messages and output come from the lab (learner-controlled): JSON escapes C0, this C1 and bidi too.
      process.stdout.write(terminalSafeJson(results) + '\n');
      return results.status === 'pass' ? 0 : 1;
    } finally {
      await inspector.close();
      await labs.close();
      await engines.close();
    }
  },
});
