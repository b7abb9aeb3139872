// A course is content from an author, and what the loader reads from it is served to anyone (the
// solution endpoint shows scripts, lessons are rendered): no path in a course, named in YAML or
// found by convention, may read a file outside the course's folder, a FIFO, a device or a /proc file.
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CurriculumSource, formatProblem, loadCurriculum, type Curriculum } from '../../server/curriculum/index.js';
import { makeCourse } from '../helpers/curriculum.js';

const SECRET = `secret-${randomBytes(8).toString('hex')}`;
// The longest entry of this process's environment: what /proc/self/environ would give away.
const ENVIRON = readFileSync('/proc/self/environ', 'utf8')
  .split('\0')
  .reduce((a, b) => (b.length > a.length ? b : a), '');

/** The good course in a temporary folder, with a folder `outside` beside it that holds secrets. */
function courseWithOutside(): { dir: string; outside: string } {
  const dir = makeCourse();
  const outside = path.join(path.dirname(dir), 'outside');
  mkdirSync(path.join(outside, 'scripts'), { recursive: true });
  for (const f of ['secret.sh', 'secret.md', 'scripts/check.sh', 'scripts/solve.sh', 'scripts/setup.sh']) {
    writeFileSync(path.join(outside, f), `#!/bin/sh\n# ${SECRET}\n`);
  }
  return { dir, outside };
}

const edit = (file: string, from: string, to: string) => {
  const text = readFileSync(file, 'utf8');
  expect(text).toContain(from);
  writeFileSync(file, text.replace(from, to));
};

const relink = (link: string, target: string) => {
  rmSync(link, { recursive: true, force: true });
  symlinkSync(target, link);
};

function load(dir: string): { problems: string[]; dump: string } {
  const { curriculum, problems } = loadCurriculum(dir);
  return { problems: problems.map((p) => formatProblem({ ...p, file: path.relative(dir, path.resolve(p.file)) })), dump: dump(curriculum) };
}

const dump = (c: Curriculum) => JSON.stringify({ courses: c.courses, exercises: [...c.exercises.values()] });

function expectRefused(dir: string, expected: (string | RegExp)[]): void {
  const { problems, dump } = load(dir);
  for (const e of expected) {
    expect(problems, `expected a problem ${String(e)}`).toContainEqual(typeof e === 'string' ? e : expect.stringMatching(e));
  }
  expect(dump).not.toContain(SECRET);
  expect(dump).not.toContain(ENVIRON);
}

describe('content paths stay inside the course folder', () => {
  it('refuses a script path with ../ at its line and column', () => {
    const { dir } = courseWithOutside();
    edit(path.join(dir, 'web-lab/exercise.yaml'), 'script: scripts/check.sh', 'script: ../../outside/secret.sh');
    expectRefused(dir, ['web-lab/exercise.yaml:25:17: tasks.0.checks.0.script: a script path must stay inside the exercise folder']);
  });

  it('refuses an exercise lesson path that leaves the course', () => {
    const { dir } = courseWithOutside();
    edit(path.join(dir, 'web-lab/exercise.yaml'), 'summary: Serve a page.\n', 'summary: Serve a page.\nlesson: ../../outside/secret.md\n');
    expectRefused(dir, ['web-lab/exercise.yaml:5:9: lesson file ../../outside/secret.md: the path leaves the course folder']);
  });

  it('refuses a module lesson in roadmap.yaml that leaves the course, absolute paths too', () => {
    const { dir } = courseWithOutside();
    edit(path.join(dir, 'roadmap.yaml'), 'lesson: lessons/intro.md\n        exercises: [quiz-ex]', 'lesson: ../outside/secret.md\n        exercises: [quiz-ex]');
    edit(path.join(dir, 'roadmap.yaml'), 'lesson: lessons/intro.md\n        prerequisites', `lesson: ${path.dirname(dir)}/outside/secret.md\n        prerequisites`);
    expectRefused(dir, [
      'roadmap.yaml:10:17: lesson file ../outside/secret.md: the path leaves the course folder',
      `roadmap.yaml:14:17: lesson file ${path.dirname(dir)}/outside/secret.md: the path leaves the course folder`,
    ]);
  });

  it('refuses a script that is a symbolic link to /proc/self/environ', () => {
    const { dir } = courseWithOutside();
    relink(path.join(dir, 'web-lab/scripts/check.sh'), '/proc/self/environ');
    expectRefused(dir, [/^web-lab\/exercise\.yaml:25:17: script file scripts\/check\.sh: a symbolic link leads out of the course folder \(to \/proc\/\d+\/environ\)$/]);
  });

  it('refuses a script that is a symbolic link to a file outside the course, and a linked scripts folder', () => {
    const { dir, outside } = courseWithOutside();
    relink(path.join(dir, 'web-lab/scripts/solve.sh'), path.join(outside, 'secret.sh'));
    expectRefused(dir, [`web-lab/exercise.yaml:30:17: script file scripts/solve.sh: a symbolic link leads out of the course folder (to ${outside}/secret.sh)`]);
    relink(path.join(dir, 'web-lab/scripts'), path.join(outside, 'scripts'));
    expectRefused(dir, [
      `web-lab/exercise.yaml:17:15: script file scripts/setup.sh: a symbolic link leads out of the course folder (to ${outside}/scripts/setup.sh)`,
      `web-lab/exercise.yaml:25:17: script file scripts/check.sh: a symbolic link leads out of the course folder (to ${outside}/scripts/check.sh)`,
    ]);
  });

  it('refuses files found by convention that link outside: lesson.md, exercise.yaml, roadmap.yaml', () => {
    const { dir, outside } = courseWithOutside();
    relink(path.join(dir, 'quiz-ex/lesson.md'), path.join(outside, 'secret.md'));
    expectRefused(dir, [`quiz-ex/lesson.md:1:1: lesson file lesson.md: a symbolic link leads out of the course folder (to ${outside}/secret.md)`]);

    writeFileSync(path.join(outside, 'exercise.yaml'), readFileSync(path.join(dir, 'web-lab/exercise.yaml'), 'utf8').replace('A web server', SECRET));
    relink(path.join(dir, 'web-lab/exercise.yaml'), path.join(outside, 'exercise.yaml'));
    expectRefused(dir, [`web-lab/exercise.yaml:1:1: file exercise.yaml: a symbolic link leads out of the course folder (to ${outside}/exercise.yaml)`]);

    writeFileSync(path.join(outside, 'roadmap.yaml'), readFileSync(path.join(dir, 'roadmap.yaml'), 'utf8').replace('Fixture course', SECRET));
    relink(path.join(dir, 'roadmap.yaml'), path.join(outside, 'roadmap.yaml'));
    expectRefused(dir, [`roadmap.yaml:1:1: file roadmap.yaml: a symbolic link leads out of the course folder (to ${outside}/roadmap.yaml)`]);
  });

  it('reports an exercise folder that is a symbolic link out of the course', () => {
    const { dir, outside } = courseWithOutside();
    mkdirSync(path.join(outside, 'evil'));
    writeFileSync(path.join(outside, 'evil/exercise.yaml'), `id: evil\ntitle: ${SECRET}\nsummary: x\ntasks: []\n`);
    symlinkSync(path.join(outside, 'evil'), path.join(dir, 'evil'));
    expectRefused(dir, [`evil:1:1: folder evil: a symbolic link leads out of the course folder (to ${outside}/evil)`]);
  });

  it('refuses a FIFO without waiting on it, and a file over the size cap', () => {
    const { dir } = courseWithOutside();
    rmSync(path.join(dir, 'web-lab/scripts/check.sh'));
    execFileSync('mkfifo', [path.join(dir, 'web-lab/scripts/check.sh')]);
    writeFileSync(path.join(dir, 'web-lab/scripts/solve.sh'), `# ${SECRET}\n` + 'x'.repeat(1024 * 1024));
    const t0 = Date.now();
    expectRefused(dir, [
      'web-lab/exercise.yaml:25:17: script file scripts/check.sh: not a regular file (a FIFO)',
      'web-lab/exercise.yaml:30:17: script file scripts/solve.sh: larger than 1048576 bytes',
    ]);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('still follows a symbolic link that stays inside the course', () => {
    const { dir } = courseWithOutside();
    relink(path.join(dir, 'web-lab/scripts/check.sh'), 'setup.sh');
    const { curriculum, problems } = loadCurriculum(dir);
    expect(problems).toEqual([]);
    const web = curriculum.exercises.get('web-lab')!;
    expect(web.scripts['scripts/check.sh']).toBe(web.scripts['scripts/setup.sh']);
  });

  it('refuses a link swapped in while the server watches the course', () => {
    const { dir, outside } = courseWithOutside();
    const source = new CurriculumSource(dir);
    try {
      expect(source.problems).toEqual([]);
      relink(path.join(dir, 'web-lab/scripts/check.sh'), path.join(outside, 'secret.sh'));
      source.reload();
      expect(source.problems.map((p) => p.message)).toContain(`script file scripts/check.sh: a symbolic link leads out of the course folder (to ${outside}/secret.sh)`);
      expect(dump(source.curriculum)).not.toContain(SECRET);
    } finally {
      source.close();
    }
  });
});
