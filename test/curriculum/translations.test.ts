// Translations beside the English (test/fixtures/curricula/i18n holds one of each state): what
// is loaded, which mistakes are errors and where, which gaps are warnings and where, and how a
// course (or --strict-locales) turns the warnings into errors.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mergeMessages } from '../../server/curriculum/catalogs.js';
import { formatProblem, loadCurriculum, type Problem } from '../../server/curriculum/index.js';

const FIXTURE = 'test/fixtures/curricula/i18n';
const at = (file: string) => `${FIXTURE}/${file}`;
const lines = (ps: Problem[]) => ps.map(formatProblem);

describe('a course with translations in every state', () => {
  const { curriculum, problems, warnings } = loadCurriculum(FIXTURE);

  it('reports each translation mistake as an error at its file:line:col', () => {
    expect(lines(problems)).toEqual([
      `${at('lessons/intro.zh-CN.md')}:4:39: /glossary#split-brain is not a term of glossary.yaml`,
      `${at('lib/net.sh')}:6:10: message key 'lib-unknown' is not in the course's messages.yaml: add it there with its English text`,
      `${at('messages.zh-CN.yaml')}:3:3: message key 'ghost' is not in the English catalog (messages.yaml)`,
      `${at('quiz-ex/exercise.zh-CN.yaml')}:7:9: hint 2: the English task 'q1' has 1 hint(s)`,
      `${at('quiz-ex/exercise.zh-CN.yaml')}:12:9: choice 'z' is not in the English quiz (choices: a, b)`,
      // A choice quiz is graded by id: an answer a translation adds there would never be read.
      `${at('quiz-ex/exercise.zh-CN.yaml')}:14:11: a quiz with choices is answered by the choice ids of the English quiz: a translation adds no answers to it`,
      `${at('quiz-ex/exercise.zh-CN.yaml')}:15:3: task 'ghost-task' is not in ${at('quiz-ex/exercise.yaml')} (tasks: q1)`,
      `${at('roadmap.zh-CN.yaml')}:5:3: stage 'nope' is not in roadmap.yaml (stages: basics, lb)`,
      `${at('web-lab/exercise.zh-CN.yaml')}:6:11: placeholder {{ip.client}} is not in the English (it uses: {{ip.web}})`,
      `${at('web-lab/exercise.zh-CN.yaml')}:9:9: check 2: the English task 'serve' has 1 check(s)`,
      `${at('web-lab/lesson.zh-CN.md')}:3:4: placeholder {{vip}} is not in the English`,
      `${at('web-lab/messages.zh-CN.yaml')}:2:12: {page} is not an argument of the English message 'no-page' (it has: {host})`,
      `${at('web-lab/scripts/check.sh')}:5:9: message key 'no-such-key' is not in web-lab/messages.yaml or the course's messages.yaml: add it there with its English text`,
    ]);
    expect(problems.every((p) => p.severity === undefined)).toBe(true);
  });

  it('reports missing texts at the English, stale ones at the translation, as warnings', () => {
    const w = lines(warnings);
    expect(warnings.every((p) => p.severity === 'warning')).toBe(true);
    // Missing, in an overlay that exists: at the English field, naming the overlay.
    expect(w).toContain(`${at('quiz-ex/exercise.yaml')}:14:26: warning: not translated to zh-CN (tasks.q1.quiz.choices.b): add it to ${at('quiz-ex/exercise.zh-CN.yaml')}`);
    expect(w).toContain(`${at('roadmap.yaml')}:4:10: warning: not translated to zh-CN (summary): add it to ${at('roadmap.zh-CN.yaml')}`);
    expect(w).toContain(`${at('glossary.yaml')}:10:9: warning: not translated to zh-CN (terms.vip.zh-CN): add it to ${at('glossary.yaml')}`);
    // Missing overlay: one line for the file.
    expect(w).toContain(`${at('lessons/lvs.md')}:1:1: warning: not translated to zh-CN: no ${at('lessons/lvs.zh-CN.md')} (1 text to translate)`);
    // Stale (a stamp that is not the English's hash) and unstamped, at the translated value.
    expect(w).toContain(
      `${at('roadmap.zh-CN.yaml')}:4:20: warning: stale zh-CN translation of stages.basics.title: the English (${at('roadmap.yaml')}:9:12) changed since; update it, then run \`opslab i18n stamp ${at('roadmap.zh-CN.yaml')}\``,
    );
    expect(w).toContain(`${at('roadmap.zh-CN.yaml')}:8:12: warning: no source stamp for modules.lvs.title: once it is checked against the English, run \`opslab i18n stamp ${at('roadmap.zh-CN.yaml')}\``);
    // An overlay with no stamps at all: one line.
    expect(w).toContain(`${at('quiz-ex/exercise.zh-CN.yaml')}:1:1: warning: no source stamps in this zh-CN translation (5 texts): once it is checked against the English, run \`opslab i18n stamp ${at('quiz-ex/exercise.zh-CN.yaml')}\``);
    // Fresh: the roadmap title and the intro lesson are stamped with their English's hash.
    expect(w.filter((l) => l.includes('(title)') && l.includes('roadmap'))).toEqual([]);
    expect(w.filter((l) => l.includes('intro.zh-CN.md') || l.includes('lessons/intro.md'))).toEqual([]);
    expect(w).toHaveLength(22);
  });

  it('loads what is translated, beside the English', () => {
    const quiz = curriculum.exercises.get('quiz-ex')!;
    const zh = quiz.translations['zh-CN']!;
    expect(zh.title).toBe('小测验');
    expect(zh.tasks.q1!.quiz).toEqual({ question: '哪种模式只改写目标地址？', choices: { a: '仅 NAT', z: '不存在的选项' }, explanation: undefined, answers: [{ regex: '直接路由', flags: 'i' }] });
    expect(zh.lessonText).toBeUndefined();
    const web = curriculum.exercises.get('web-lab')!;
    // The lesson overlay without a stamp line is the text as written.
    expect(web.translations['zh-CN']!.lessonText).toBe('# Web 服务器\n\n访问 {{vip}} 即可。\n');
    expect(web.translations['zh-CN']!.tasks.serve!.checks).toEqual(['页面可以访问', '多出来的检查']);
    // The exercise's catalog over the course's; a message with a wrong argument is left out (English then).
    expect(web.messages.en).toEqual({ 'course-key': 'Course says {host}.', 'course-unused': 'Nobody uses this.', 'no-page': 'No page on {host}.' });
    expect(web.messages['zh-CN']).toEqual({ 'course-key': '{host} 上的课程消息。' });
    const course = curriculum.courses[0]!;
    expect(course.translations['zh-CN']!.roadmap).toMatchObject({ title: '翻译测试课程', stages: { basics: { title: '基础' } }, modules: { lvs: { title: 'LVS 负载均衡' } } });
    // The stamp line is not part of the lesson the learner reads.
    expect(course.translations['zh-CN']!.lessons.intro).toBe('# 简介\n\n[调度器](/glossary#director) 负责转发，见 [脑裂](/glossary#split-brain)。\n');
    expect(course.translations['zh-CN']!.lessons.lvs).toBeUndefined();
    expect(course.glossary).toEqual([
      { id: 'director', names: { en: 'director', 'zh-CN': '调度器' }, aka: ['DS', '负载调度器'], answer: 'director', definition: { en: 'The host that forwards.', 'zh-CN': '负责转发的主机。' } },
      { id: 'vip', names: { en: 'virtual IP', 'zh-CN': undefined }, aka: ['VIP'], answer: 'VIP', definition: { en: 'The address clients use.', 'zh-CN': undefined } },
    ]);
    expect(course.messages['zh-CN']).toEqual({ 'course-key': '{host} 上的课程消息。' });
  });

  it('a course without translations loads as before: no errors, only warnings', () => {
    const good = loadCurriculum('test/fixtures/curricula/good');
    expect(good.problems).toEqual([]);
    expect(good.warnings.length).toBeGreaterThan(0);
    expect(good.curriculum.exercises.get('web-lab')!.translations).toEqual({});
    expect(good.curriculum.courses[0]!.glossary).toEqual([]);
  });
});

describe('mergeMessages', () => {
  it("drops a course translation of a key the exercise's English redefines", () => {
    const merged = mergeMessages({ en: { k: 'course k', j: 'course j' }, translated: { 'zh-CN': { k: '课程 k', j: '课程 j' } } }, { en: { k: 'exercise k' }, translated: {} });
    expect(merged).toEqual({ en: { k: 'exercise k', j: 'course j' }, 'zh-CN': { j: '课程 j' } });
  });
});

describe('required locales', () => {
  let dir = '';
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const copyWith = (locales: string) => {
    dir = mkdtempSync(path.join(tmpdir(), 'opslab-i18n-'));
    cpSync(FIXTURE, dir, { recursive: true });
    const roadmap = path.join(dir, 'roadmap.yaml');
    writeFileSync(roadmap, readFileSync(roadmap, 'utf8') + locales);
    return dir;
  };

  it('a stage list makes that stage\'s gaps errors, and only those', () => {
    const { problems, warnings } = loadCurriculum(copyWith("locales:\n  zh-CN: { required: [lb] }\n"));
    const gap = (p: { message: string }) => p.message.startsWith('not translated') || p.message.includes('stamp');
    expect(problems.filter(gap).map((p) => path.relative(dir, p.file)).sort()).toEqual([
      'lessons/lvs.md', // missing overlay
      'roadmap.yaml', // stages.lb.title, modules.lvs.title is there but unstamped: below
      'roadmap.zh-CN.yaml',
      'web-lab/exercise.yaml',
      'web-lab/exercise.yaml',
      'web-lab/exercise.yaml',
      'web-lab/exercise.zh-CN.yaml',
      'web-lab/lesson.zh-CN.md',
      'web-lab/messages.yaml',
      // course-key is used by web-lab's check script: it counts in lb.
      'messages.zh-CN.yaml',
    ].sort());
    expect(warnings.some((w) => w.file.endsWith('quiz-ex/exercise.zh-CN.yaml'))).toBe(true);
    expect(warnings.some((w) => w.file.endsWith('web-lab/exercise.yaml'))).toBe(false);
  });

  it('required: true makes every gap an error', () => {
    const { warnings, problems } = loadCurriculum(copyWith("locales:\n  zh-CN: { required: true }\n"));
    expect(warnings).toEqual([]);
    expect(problems.length).toBe(13 + 22);
  });

  it('--strict-locales makes every gap an error, whatever the course says', () => {
    const { warnings, problems } = loadCurriculum(FIXTURE, { strictLocales: true });
    expect(warnings).toEqual([]);
    expect(problems.filter((p) => p.severity === 'error')).toHaveLength(22);
  });

  it('a required stage the roadmap does not have is an error where it is named', () => {
    const { problems } = loadCurriculum(copyWith("locales:\n  zh-CN:\n    required: [lb, cloud]\n"));
    expect(problems.filter((p) => p.message.startsWith("stage 'cloud'")).map((p) => [path.basename(p.file), p.line, p.col, p.message])).toEqual([['roadmap.yaml', 25, 20, "stage 'cloud' is not in this roadmap (stages: basics, lb)"]]);
  });

  it('a locale the platform does not have is a schema problem', () => {
    const { problems } = loadCurriculum(copyWith("locales:\n  fr: { required: true }\n"));
    expect(problems.map(formatProblem).some((l) => /roadmap\.yaml:\d+:\d+: .*fr/.test(l))).toBe(true);
  });
});

describe('glossary', () => {
  let dir = '';
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('ids are unique and lower-case (they are anchors)', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'opslab-i18n-'));
    cpSync(FIXTURE, dir, { recursive: true });
    const term = (id: string) => `  - id: ${id}\n    en: x\n    definition: { en: y }\n`;
    const problemsOf = (text: string) => {
      writeFileSync(path.join(dir, 'glossary.yaml'), text);
      return loadCurriculum(dir).problems.filter((p) => p.file.endsWith('glossary.yaml')).map((p) => [p.line, p.col, p.message]);
    };
    expect(problemsOf(`terms:\n${term('director')}${term('Director')}`)).toEqual([[5, 9, 'terms.1.id: glossary ids use lower-case letters, digits and dashes (they are /glossary#id anchors)']]);
    expect(problemsOf(`terms:\n${term('director')}${term('vip')}${term('director')}`)).toEqual([[8, 9, "duplicate glossary id 'director' (first at 2:9)"]]);
  });
});

describe('check message catalogs', () => {
  let dir = '';
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('an argument name longer than a FAIL_T line may carry is an error at the message', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'opslab-i18n-'));
    cpSync(FIXTURE, dir, { recursive: true });
    // fail_t would print this name, the judge refuse the line, and the learner read it raw.
    const long = 'a'.repeat(33);
    writeFileSync(path.join(dir, 'web-lab/messages.yaml'), `messages:\n  no-page: "No page on {host}."\n  long-arg: "Too long: {${long}}."\n`);
    const { problems } = loadCurriculum(dir);
    expect(problems.filter((p) => p.file.endsWith('web-lab/messages.yaml')).map((p) => [p.line, p.col, p.message])).toEqual([
      [3, 13, `messages.long-arg: {${long}}: an argument name is at most 32 characters (what fail_t can pass)`],
    ]);
  });
});

describe('literal message keys in scripts', () => {
  it('finds fail_t/pass_t keys, bare or quoted, not in comments, not dynamic, not the definition', async () => {
    const { findMessageKeys } = await import('../../server/curriculum/catalogs.js');
    const script = ['fail_t() {', '  # fail_t in-comment', '  x || fail_t no-vip vip="$VIP"', "pass_t 'ok.done'; fail_t \"$KEY\"", 'echo "#" && fail_t a-b # fail_t c'].join('\n');
    expect(findMessageKeys(script)).toEqual([
      { key: 'no-vip', line: 3, col: 15 },
      { key: 'ok.done', line: 4, col: 9 },
      { key: 'a-b', line: 5, col: 20 },
    ]);
  });
});

describe('hostile translations', () => {
  let dir = '';
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('many orphans and many key uses load in linear time, each reported', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'opslab-i18n-'));
    cpSync(FIXTURE, dir, { recursive: true });
    const n = 10_000;
    const tasks = Array.from({ length: n }, (_, i) => `  t${i}: { title: x }`).join('\n');
    const choices = Array.from({ length: n }, (_, i) => `        c${i}: x`).join('\n');
    writeFileSync(path.join(dir, 'quiz-ex/exercise.zh-CN.yaml'), `tasks:\n  q1:\n    quiz:\n      choices:\n${choices}\n${tasks}\n`);
    writeFileSync(path.join(dir, 'web-lab/scripts/check.sh'), 'fail_t unknown-key\n'.repeat(n));
    const started = performance.now();
    const { problems } = loadCurriculum(dir);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(problems.filter((p) => p.message.startsWith("message key 'unknown-key'"))).toHaveLength(n);
    expect(problems.filter((p) => / is not in .*exercise\.yaml/.test(p.message) || p.message.includes('is not in the English quiz'))).toHaveLength(2 * n);
  });

  it('many mistakes against a long English list load in linear time, each message naming some of the list', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'opslab-i18n-'));
    cpSync(FIXTURE, dir, { recursive: true });
    const n = 20_000;
    const choices = Array.from({ length: n }, (_, i) => `        - { id: c${i}, text: x }`).join('\n');
    writeFileSync(path.join(dir, 'quiz-ex/exercise.yaml'), `id: quiz-ex\ntitle: A quiz\nsummary: Q.\ntasks:\n  - id: q1\n    title: W\n    text: P\n    quiz:\n      question: Q\n      choices:\n${choices}\n      answers:\n        - choice: c1\n      explanation: E\n`);
    const wrong = Array.from({ length: n }, (_, i) => `        z${i}: x`).join('\n');
    writeFileSync(path.join(dir, 'quiz-ex/exercise.zh-CN.yaml'), `tasks:\n  q1:\n    quiz:\n      choices:\n${wrong}\n`);
    const started = performance.now();
    const { problems } = loadCurriculum(dir);
    expect(performance.now() - started).toBeLessThan(8000);
    const unknown = problems.filter((p) => p.message.includes('is not in the English quiz'));
    expect(unknown).toHaveLength(n);
    expect(unknown[0]!.message).toBe(`choice 'z0' is not in the English quiz (choices: c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, … (${n - 12} more))`);
  });

  it('a message with many arguments, and its translation with more, are compared in linear time', () => {
    dir = mkdtempSync(path.join(tmpdir(), 'opslab-i18n-'));
    cpSync(FIXTURE, dir, { recursive: true });
    const n = 20_000;
    const names = (from: number, count: number) => Array.from({ length: count }, (_, i) => `{a${from + i}}`).join('');
    writeFileSync(path.join(dir, 'web-lab/messages.yaml'), `messages:\n  no-page: "No page on {host}."\n  many: "${names(0, n)}"\n`);
    writeFileSync(path.join(dir, 'web-lab/messages.zh-CN.yaml'), `messages:\n  many: "${names(1, n)}"\n`);
    const started = performance.now();
    const { problems } = loadCurriculum(dir);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(problems.filter((p) => p.message.startsWith(`{a${n}} is not an argument of the English message 'many'`))).toHaveLength(1);
  });
});
