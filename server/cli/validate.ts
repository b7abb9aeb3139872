// `opslab validate [DIR] [--json]`: exit 0 when the curriculum is valid, 1 with every problem.
import { formatProblem, loadCurriculum } from '../curriculum/index.js';
import { defineCommand } from './command.js';

export const command = defineCommand({
  name: 'validate',
  summary: 'validate curriculum YAML, lessons and scripts: file:line:col for every problem',
  details: 'Exit 0 when it is valid, 1 when it has problems.',
  positionals: [{ name: 'DIR', description: 'the curriculum folder (default: OPSLAB_CURRICULUM, else curricula)', optional: true }],
  options: {
    json: { type: 'boolean', description: 'print {valid, exercises, problems} as JSON' },
  },
  async run({ args, settings }) {
    const dir = args.positionals[0] ?? settings.curriculumDir;
    const { curriculum, problems } = loadCurriculum(dir);
    if (args.values.json) {
      process.stdout.write(JSON.stringify({ valid: problems.length === 0, exercises: curriculum.exercises.size, problems }, null, 2) + '\n');
    } else if (problems.length) {
      for (const p of problems) process.stdout.write(formatProblem(p) + '\n');
      process.stdout.write(`\n${problems.length} problem${problems.length === 1 ? '' : 's'} found\n`);
    } else {
      const courses = curriculum.courses.map((c) => c.roadmap.id).join(', ');
      process.stdout.write(`ok: ${curriculum.courses.length} course(s) (${courses}), ${curriculum.exercises.size} exercises\n`);
    }
    return problems.length ? 1 : 0;
  },
});
