import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem, loadCurriculum } from '../../server/curriculum/index.js';
import { BROKEN, GOOD_COURSE, makeCourse } from '../helpers/curriculum.js';

/** Load the good course with one file swapped for a broken fixture; problems as "file:line:col: message" relative to the course. */
function problemsWith(fixture: string): string[] {
  const [kind, slot] = fixture.split('.') as [string, string];
  const target = slot === 'roadmap' ? 'roadmap.yaml' : `${slot}/exercise.yaml`;
  const dir = makeCourse({ [target]: readFileSync(path.join(BROKEN, `${kind}.${slot}.yaml`), 'utf8') });
  return loadCurriculum(dir).problems.map((p) => formatProblem({ ...p, file: path.relative(dir, path.resolve(p.file)) }));
}

describe('loadCurriculum', () => {
  it('loads the good fixture course with no problems', () => {
    const { curriculum, problems } = loadCurriculum(GOOD_COURSE);
    expect(problems).toEqual([]);
    expect([...curriculum.exercises.keys()].sort()).toEqual(['quiz-ex', 'web-lab']);
    const web = curriculum.exercises.get('web-lab')!;
    expect(web.module).toBe('web');
    expect(web.stage).toBe('basics');
    expect(web.scripts['scripts/check.sh']).toContain('set -eu');
    expect(web.tasks[0]!.checks![0]!.timeout).toBe(10);
    expect(web.lab!.hosts[0]!.image).toBe('lab');
  });

  const cases: [string, string[]][] = [
    ['syntax-error.web-lab', ['web-lab/exercise.yaml:4:1: YAML syntax: Flow sequence in block collection must be sufficiently indented and end with a ]']],
    ['unknown-key.web-lab', ["web-lab/exercise.yaml:5:3: lab: missing required key 'hosts'", "web-lab/exercise.yaml:7:3: lab: unknown key 'hots' (did you mean 'hosts'?)"]],
    ['missing-key.web-lab', ["web-lab/exercise.yaml:5:5: tasks.0: missing required key 'title'"]],
    ['wrong-type.web-lab', ['web-lab/exercise.yaml:4:10: minutes: expected number, got the string "half an hour"']],
    ['duplicate-task.web-lab', ["web-lab/exercise.yaml:12:9: duplicate task id 'port' (first at 5:9)"]],
    ['draft-listed.web-lab', ["roadmap.yaml:16:21: exercise 'web-lab' is a draft (draft: true in its exercise.yaml): remove that line once it passes `opslab selftest web-lab`, then list it here"]],
    ['duplicate-exercise.roadmap', ["roadmap.yaml:14:21: exercise 'web-lab' is listed twice (first at 10:30)"]],
    ['missing-exercise.roadmap', ["roadmap.yaml:10:30: exercise 'web-labb' not found (no web-labb/exercise.yaml next to roadmap.yaml) (did you mean 'web-lab'?)"]],
    ['prerequisite-cycle.roadmap', ['roadmap.yaml:7:13: prerequisite cycle: intro → web → intro']],
    ['script-missing.web-lab', ['web-lab/exercise.yaml:16:17: script file not found: scripts/check-page.sh']],
    ['unknown-host.web-lab', ["web-lab/exercise.yaml:17:15: host 'clinet' is not in the lab topology (did you mean 'client'?)"]],
    ['offset-outside.web-lab', ['web-lab/exercise.yaml:10:24: offset 20 is outside the usable range 2-14 of a /28']],
    ['offset-twice.web-lab', ["web-lab/exercise.yaml:10:34: offset 20 on 'lan' is used twice (host web and address vip)"]],
    ['unknown-placeholder.web-lab', ['web-lab/exercise.yaml:12:11: unknown placeholder {{ip.webb}} (known: ip.web, ip.web.lan, prefix.lan, subnet.lan); for literal braces (Jinja) write {{ name }} with spaces']],
    [
      'unsafe-pattern.quiz-ex',
      [
        'quiz-ex/exercise.yaml:11:18: backreference \\1 at character 10 of the pattern: the linear-time quiz matcher has none; spell out the alternatives',
        'quiz-ex/exercise.yaml:12:18: lookahead (?! at character 2 of the pattern: the linear-time quiz matcher has no lookaround; to refuse answers that contain something, list a pattern for it under `unless:`',
        'quiz-ex/exercise.yaml:14:20: lookbehind (?<= at character 1 of the pattern: the linear-time quiz matcher has no lookaround; to refuse answers that contain something, list a pattern for it under `unless:`',
        "quiz-ex/exercise.yaml:15:18: invalid regular expression (quiz patterns follow JavaScript's strict `u` syntax): Invalid regular expression: /^\\Aipvs\\z/iu: Invalid escape",
      ],
    ],
  ];
  it.each(cases)('reports %s at its exact line and column', (fixture, expected) => {
    expect(problemsWith(fixture)).toEqual(expected);
  });

  it('reports every problem of a file at once, not only the first', () => {
    const dir = makeCourse({
      'web-lab/exercise.yaml': 'id: web-lab\ntitel: x\nsummary: 3\ntasks: []\nextra: 1\n',
    });
    const messages = loadCurriculum(dir).problems.map((p) => `${p.line}:${p.col}: ${p.message}`);
    expect(messages).toEqual([
      "1:1: missing required key 'title'",
      "2:1: unknown key 'titel' (did you mean 'title'?)",
      '3:10: summary: expected string, got number 3',
      '4:8: tasks: Too small: expected array to have >=1 items',
      "5:1: unknown key 'extra' (known keys: $schema, id, title, summary, difficulty, minutes, draft, requires, lesson, prelude, lab, tasks)",
    ]);
  });

  it('refuses binary bytes and alias bombs with a position, without hanging', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 12; i++) bomb.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`);
    const dir = makeCourse({ 'web-lab/exercise.yaml': bomb.join('\n') + '\n', 'quiz-ex/exercise.yaml': 'id: quiz-ex\n\u0000\n' });
    const t0 = Date.now();
    const problems = loadCurriculum(dir).problems.map((p) => `${path.basename(path.dirname(p.file))}:${p.line}:${p.col}: ${p.message}`);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(problems).toContain('quiz-ex:2:1: binary data (NUL byte) in a YAML file');
    expect(problems.some((p) => p.startsWith('web-lab:1:1: YAML: ') && /alias/i.test(p))).toBe(true);
  });

  it('says which curriculum folder is missing', () => {
    const { problems } = loadCurriculum('/nonexistent/curricula');
    expect(problems[0]!.message).toBe('no such curriculum folder');
  });
});
