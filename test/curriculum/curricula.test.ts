import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { catalogMarkdown } from '../../server/cli/catalog.js';
import { blueprintOf, checksOf } from '../../server/exercise-lab.js';
import { formatProblem, loadCurriculum } from '../../server/curriculum/index.js';

describe('the shipped curriculum', () => {
  const { curriculum, problems } = loadCurriculum('curricula');

  it('validates with no problems', () => {
    expect(problems.map(formatProblem)).toEqual([]);
  });

  it('has the four stages of the roadmap, every module with a lesson that teaches', () => {
    const course = curriculum.courses.find((c) => c.roadmap.id === 'linux-ops')!;
    expect(course.roadmap.stages.map((s) => s.id)).toEqual(['basics', 'services', 'load-balancing', 'cloud']);
    for (const stage of course.roadmap.stages) {
      for (const mod of stage.modules) {
        expect(course.lessons[mod.id]?.split('\n').length ?? 0, `lesson of ${mod.id}`).toBeGreaterThan(40);
      }
    }
  });

  // Taught by doing: every module has a lab whose checks judge real work, but the one that
  // names the vocabulary the labs after it use (its quiz is its exercise).
  it('gives every module of the roadmap a lab exercise', () => {
    const course = curriculum.courses.find((c) => c.roadmap.id === 'linux-ops')!;
    const QUIZ_ONLY = new Set(['load-balancing-concepts']);
    const without: string[] = [];
    for (const mod of course.roadmap.stages.flatMap((s) => s.modules)) {
      const exercises = mod.exercises.map((id) => curriculum.exercises.get(id)!);
      expect(exercises.length, `${mod.id} has no exercise`).toBeGreaterThan(0);
      if (!QUIZ_ONLY.has(mod.id) && !exercises.some((e) => e.lab && !e.draft)) without.push(mod.id);
    }
    expect(without).toEqual([]);
  });

  it('docs/exercises.md lists every exercise (run `npx opslab catalog`)', () => {
    expect(readFileSync('docs/exercises.md', 'utf8')).toBe(catalogMarkdown(curriculum));
  });

  it("prepends the course's prelude, then an exercise's own, to each of its scripts, and only its own", () => {
    const course = curriculum.courses.find((c) => c.roadmap.id === 'linux-ops')!;
    const ex = curriculum.exercises.get('shell-script')!;
    expect(ex.prelude).toBe('scripts/lib.sh');
    expect(ex.preludes.map((p) => p.file)).toEqual([...course.roadmap.prelude, 'shell-script/scripts/lib.sh']);
    const shared = ex.preludes.map((p) => p.text).join('\n');
    const checks = checksOf(ex);
    expect(checks.length).toBeGreaterThan(0);
    for (const c of checks) expect(c.script.startsWith(shared)).toBe(true);
    expect(blueprintOf(ex).scripts['scripts/check-usage.sh']).toContain('require_script() {');
    expect(blueprintOf(ex).scripts['scripts/check-usage.sh']).toContain('lvs_expect_service() {');
    const other = curriculum.exercises.get('nginx-site')!;
    expect(checksOf(other)[0]!.script).not.toContain('require_script() {');
  });

  it('places every exercise that is not a draft in a module', () => {
    for (const ex of curriculum.exercises.values()) if (!ex.draft) expect(ex.module, ex.id).toBeTruthy();
  });

  it('`opslab validate curricula` exits 0, and 1 with file:line:col on a broken course', () => {
    expect(execFileSync('node', ['bin/opslab.js', 'validate', 'curricula']).toString()).toMatch(/\nok: 1 course\(s\) \(linux-ops\), \d+ exercises(, \d+ warnings)?\n$/);
    let out = '';
    let code = 0;
    try {
      execFileSync('node', ['bin/opslab.js', 'validate', 'test/fixtures/curricula/broken-course']);
    } catch (e) {
      code = (e as { status: number }).status;
      out = (e as { stdout: Buffer }).stdout.toString();
    }
    expect(code).toBe(1);
    expect(out).toContain("test/fixtures/curricula/broken-course/web-lab/exercise.yaml:7:3: lab: unknown key 'hots' (did you mean 'hosts'?)");
    const json = JSON.parse(execFileSync('node', ['bin/opslab.js', 'validate', 'curricula', '--json']).toString());
    expect(json).toMatchObject({ valid: true, problems: [] });
  });
});
