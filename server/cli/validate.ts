import { formatProblem, loadCurriculum } from '../curriculum/index.js';
import { parseArgs } from './args.js';

/** `opslab validate [DIR] [--json]`: exit 0 when valid, 1 with every problem. */
export async function validateCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const dir = args.positional[0] ?? 'curricula';
  const { curriculum, problems } = loadCurriculum(dir);
  if (args.flags.json) {
    process.stdout.write(JSON.stringify({ valid: problems.length === 0, exercises: curriculum.exercises.size, problems }, null, 2) + '\n');
  } else if (problems.length) {
    for (const p of problems) process.stdout.write(formatProblem(p) + '\n');
    process.stdout.write(`\n${problems.length} problem${problems.length === 1 ? '' : 's'} found\n`);
  } else {
    const courses = curriculum.courses.map((c) => c.roadmap.id).join(', ');
    process.stdout.write(`ok: ${curriculum.courses.length} course(s) (${courses}), ${curriculum.exercises.size} exercises\n`);
  }
  return problems.length ? 1 : 0;
}
