// A course's `prelude:` (roadmap.yaml) names shell files of functions that every setup, check and
// solve script of the course runs after: read like any content path (inside the course, through
// readContent), reported at file:line:col when it cannot be, and put before each script in order.
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem, loadCurriculum } from '../../server/curriculum/index.js';
import { blueprintOf, checksOf } from '../../server/exercise-lab.js';
import { makeCourse } from '../helpers/curriculum.js';

const A = '# lib/a.sh\nsay_a() { echo a; }\n';
const B = '# lib/b.sh\nsay_b() { echo b; }'; // no newline at the end: the next part still starts a line

/** The good fixture course with `prelude:` in its roadmap set to `list`, and lib/a.sh, lib/b.sh. */
function courseWith(list: string): string {
  const dir = makeCourse();
  mkdirSync(path.join(dir, 'lib'));
  writeFileSync(path.join(dir, 'lib/a.sh'), A);
  writeFileSync(path.join(dir, 'lib/b.sh'), B);
  const roadmap = path.join(dir, 'roadmap.yaml');
  const text = readFileSync(roadmap, 'utf8');
  expect(text).toContain('title: Fixture course\n');
  writeFileSync(roadmap, text.replace('title: Fixture course\n', `title: Fixture course\nprelude:\n${list}`));
  return dir;
}

function problemsOf(dir: string): string[] {
  return loadCurriculum(dir).problems.map((p) => formatProblem({ ...p, file: path.relative(dir, path.resolve(p.file)) }));
}

describe("a course's prelude", () => {
  it('puts the course files, in order, before the exercise prelude and each script', () => {
    const dir = courseWith('  - lib/a.sh\n  - ./lib/b.sh\n');
    const exYaml = path.join(dir, 'web-lab/exercise.yaml');
    writeFileSync(exYaml, readFileSync(exYaml, 'utf8').replace('summary: Serve a page.\n', 'summary: Serve a page.\nprelude: scripts/lib.sh\n'));
    writeFileSync(path.join(dir, 'web-lab/scripts/lib.sh'), 'say_a() { echo mine; }\n');
    const { curriculum, problems } = loadCurriculum(dir);
    expect(problems.map(formatProblem)).toEqual([]);

    const ex = curriculum.exercises.get('web-lab')!;
    expect(ex.preludes.map((p) => p.file)).toEqual(['lib/a.sh', 'lib/b.sh', 'web-lab/scripts/lib.sh']);
    const check = ex.scripts['scripts/check.sh']!;
    // The exercise's own prelude comes last, so its say_a is the one the script calls.
    expect(checksOf(ex)[0]!.script).toBe(`${A}\n${B}\nsay_a() { echo mine; }\n\n${check}`);
    expect(blueprintOf(ex).scripts['scripts/setup.sh']).toBe(`${A}\n${B}\nsay_a() { echo mine; }\n\n${ex.scripts['scripts/setup.sh']}`);
    // "Show solution" serves a solve script as written, without the functions before it.
    expect(ex.scripts['scripts/solve.sh']).not.toContain('say_a');
  });

  it('is no part of the scripts of a course that has none', () => {
    const { curriculum } = loadCurriculum(makeCourse());
    const ex = curriculum.exercises.get('web-lab')!;
    expect(ex.preludes).toEqual([]);
    expect(checksOf(ex)[0]!.script).toBe(ex.scripts['scripts/check.sh']);
  });

  it('reports a prelude file that does not exist at its line and column', () => {
    const dir = courseWith('  - lib/a.sh\n  - lib/nope.sh\n');
    expect(problemsOf(dir)).toEqual(['roadmap.yaml:6:5: prelude file not found: lib/nope.sh']);
  });

  it('refuses a prelude path that leaves the course, with ../ or from /', () => {
    const dir = courseWith('  - ../outside.sh\n  - /etc/passwd.sh\n');
    writeFileSync(path.join(path.dirname(dir), 'outside.sh'), 'secret() { :; }\n');
    expect(problemsOf(dir)).toEqual([
      'roadmap.yaml:5:5: prelude.0: a prelude path must stay inside the course folder',
      'roadmap.yaml:6:5: prelude.1: a prelude path must stay inside the course folder',
    ]);
  });

  it('refuses a prelude that is a symbolic link out of the course, and nothing of it is loaded', () => {
    const dir = courseWith('  - lib/evil.sh\n');
    const outside = path.join(path.dirname(dir), 'outside.sh');
    writeFileSync(outside, 'secret_function() { :; }\n');
    symlinkSync(outside, path.join(dir, 'lib/evil.sh'));
    const { curriculum, problems } = loadCurriculum(dir);
    expect(problems.map((p) => formatProblem({ ...p, file: path.relative(dir, path.resolve(p.file)) }))).toEqual([
      `roadmap.yaml:5:5: prelude file lib/evil.sh: a symbolic link leads out of the course folder (to ${outside})`,
    ]);
    expect(JSON.stringify([...curriculum.exercises.values()])).not.toContain('secret_function');
  });

  it('reports a file listed twice where it stands the second time', () => {
    const dir = courseWith('  - lib/a.sh\n  - lib/b.sh\n  - ./lib/a.sh\n');
    expect(problemsOf(dir)).toEqual(["roadmap.yaml:7:5: prelude file 'lib/a.sh' is listed twice (first at 5:5)"]);
  });

  it('takes a list only: a single path is a schema problem at its line', () => {
    const dir = makeCourse();
    const roadmap = path.join(dir, 'roadmap.yaml');
    writeFileSync(roadmap, readFileSync(roadmap, 'utf8').replace('title: Fixture course\n', 'title: Fixture course\nprelude: lib/a.sh\n'));
    expect(problemsOf(dir)).toEqual([expect.stringMatching(/^roadmap\.yaml:4:10: prelude: expected array/)]);
  });
});
