// What a reader of a locale is shown: each field from the translation when it has one, else the
// English, index by index for lists and by id for choices; the glossary as a view and as quiz
// answer terms. Objects made by hand, as the loader fills them (no translation: an empty map).
import { describe, expect, it, vi } from 'vitest';
import type { Course, Exercise } from '../../server/curriculum/index.js';
import { answerTerms, glossaryView, localizeExercise, localizeModule, localizeRoadmap, translatedAnswers } from '../../server/curriculum/localize.js';
import type { ExerciseTranslation, GlossaryTerm } from '../../server/curriculum/translations.js';

const gradeCalls: unknown[][] = [];
vi.mock('../../server/curriculum/quiz.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../server/curriculum/quiz.js')>();
  return {
    ...real,
    gradeAnswer: (...args: unknown[]) => {
      gradeCalls.push(args);
      return (real.gradeAnswer as (...a: unknown[]) => ReturnType<typeof real.gradeAnswer>)(...args);
    },
  };
});

function exercise(translation?: ExerciseTranslation): Exercise {
  const ex = {
    id: 'lvs-nat',
    title: 'LVS in NAT mode',
    summary: 'Forward through the director.',
    lessonText: '# NAT\n',
    course: 'linux-ops',
    tasks: [
      {
        id: 'add-vip',
        title: 'Add the VIP',
        text: 'Put {{vip}} on the director.',
        hints: ['Use ip addr.', 'A /32 is enough.', 'Check with ip -br a.'],
        checks: [
          { name: 'the VIP is up', host: 'director', script: 'a.sh', timeout: 10 },
          { name: 'clients reach it', host: 'client', script: 'b.sh', timeout: 10 },
        ],
        solve: [],
      },
      {
        id: 'mode',
        title: 'Which mode?',
        text: 'Think.',
        hints: [],
        solve: [],
        quiz: {
          question: 'Which mode rewrites the destination?',
          choices: [
            { id: 'a', text: 'NAT' },
            { id: 'b', text: 'DR' },
            { id: 'c', text: 'TUN' },
          ],
          answers: [{ exact: 'NAT', caseSensitive: false }],
          explanation: 'NAT rewrites it.',
        },
      },
    ],
    translations: translation ? { 'zh-CN': translation } : {},
    messages: {},
  } as unknown as Exercise;
  return ex;
}

const ZH: ExerciseTranslation = {
  title: 'NAT 模式的 LVS',
  summary: '   ', // blank: no translation
  // The loader has taken the stamp line off (units.ts).
  lessonText: '# 地址转换（NAT）模式\n',
  tasks: {
    'add-vip': { title: '配置 VIP', hints: ['使用 ip addr 命令。', ''], checks: ['VIP 已配置'] },
    mode: { quiz: { question: '哪种模式会改写目标地址？', choices: { b: '直接路由（DR）' }, explanation: 'NAT 模式改写目标地址。', answers: [{ regex: '地址转换', flags: 'i' }] } },
  },
};

describe('localizeExercise', () => {
  it('takes each field from the translation, else the English, lists index by index and choices by id', () => {
    const view = localizeExercise(exercise(ZH), 'zh-CN');
    expect(view.title).toBe('NAT 模式的 LVS');
    expect(view.summary).toBe('Forward through the director.');
    expect(view.lesson).toBe('# 地址转换（NAT）模式\n');
    const [vip, mode] = view.tasks;
    expect(vip).toMatchObject({ title: '配置 VIP', text: 'Put {{vip}} on the director.' });
    expect(vip!.hints).toEqual(['使用 ip addr 命令。', 'A /32 is enough.', 'Check with ip -br a.']);
    expect(vip!.checks).toEqual(['VIP 已配置', 'clients reach it']);
    expect(mode!.quiz).toEqual({
      question: '哪种模式会改写目标地址？',
      choices: [
        { id: 'a', text: 'NAT' },
        { id: 'b', text: '直接路由（DR）' },
        { id: 'c', text: 'TUN' },
      ],
      explanation: 'NAT 模式改写目标地址。',
    });
  });

  it('gives the English as written for en, and for an exercise without translations', () => {
    for (const view of [localizeExercise(exercise(ZH), 'en'), localizeExercise(exercise(), 'zh-CN')]) {
      expect(view.title).toBe('LVS in NAT mode');
      expect(view.lesson).toBe('# NAT\n');
      expect(view.tasks[0]!.hints).toEqual(['Use ip addr.', 'A /32 is enough.', 'Check with ip -br a.']);
      expect(view.tasks[1]!.quiz!.explanation).toBe('NAT rewrites it.');
    }
  });
});

const GLOSSARY: GlossaryTerm[] = [
  { id: 'vip', names: { en: 'VIP', 'zh-CN': '虚拟 IP' }, aka: ['虚拟IP', 'virtual IP', 'vip'], answer: 'vip', definition: { en: 'The address clients use.', 'zh-CN': '客户端访问的地址。' } },
  { id: 'director', names: { en: 'director', 'zh-CN': '调度器' }, aka: ['DS', '负载调度器', ' '], answer: 'director', definition: { en: 'The LVS host.' } },
  { id: 'lvs', names: { en: 'LVS' }, aka: [], answer: 'LVS', definition: { en: 'Linux Virtual Server.' } },
];

function course(extra: object = {}): Course {
  const c = {
    dir: '/x',
    lessons: { lvs: '# LVS\n' },
    translations: {},
    glossary: [],
    messages: {},
    roadmap: {
      id: 'linux-ops',
      title: 'Linux operations',
      summary: 'From shell to load balancing.',
      stages: [{ id: 'lb', title: 'Load balancing', modules: [{ id: 'lvs', title: 'LVS', summary: 'ipvsadm', prerequisites: [], exercises: ['lvs-nat', 'gone'] }] }],
    },
  } as unknown as Course;
  return Object.assign(c, extra);
}

describe('the course in a locale', () => {
  const zh = course({
    translations: { 'zh-CN': { roadmap: { title: 'Linux 运维', stages: { lb: { title: '负载均衡与高可用' } }, modules: {} }, lessons: { lvs: '# LVS 与 ipvsadm\n' } } },
    glossary: GLOSSARY,
  });

  it('localizeRoadmap: titles per field, exercises listed in the locale, missing ones skipped', () => {
    const view = localizeRoadmap(zh, new Map([['lvs-nat', exercise(ZH)]]), 'zh-CN');
    expect(view).toMatchObject({ locale: 'zh-CN', title: 'Linux 运维', summary: 'From shell to load balancing.' });
    expect(view.stages[0]!.title).toBe('负载均衡与高可用');
    expect(view.stages[0]!.modules[0]).toMatchObject({ title: 'LVS', summary: 'ipvsadm' });
    expect(view.stages[0]!.modules[0]!.exercises.map((e) => [e.id, e.title, e.summary])).toEqual([['lvs-nat', 'NAT 模式的 LVS', 'Forward through the director.']]);
  });

  it('localizeModule: the overlay; undefined for a module the course lacks', () => {
    expect(localizeModule(zh, 'lvs', 'zh-CN')).toEqual({ locale: 'zh-CN', id: 'lvs', title: 'LVS', markdown: '# LVS 与 ipvsadm\n' });
    expect(localizeModule(zh, 'lvs', 'en')!.markdown).toBe('# LVS\n');
    expect(localizeModule(course(), 'lvs', 'zh-CN')!.markdown).toBe('# LVS\n');
    expect(localizeModule(zh, 'nope', 'zh-CN')).toBeUndefined();
  });

  it('glossaryView: every name, definitions in the locale or English; no glossary is no terms', () => {
    const view = glossaryView(zh, 'zh-CN');
    expect(view.terms.map((t) => t.definition)).toEqual(['客户端访问的地址。', 'The LVS host.', 'Linux Virtual Server.']);
    expect(view.terms[0]!.names).toEqual({ en: 'VIP', 'zh-CN': '虚拟 IP' });
    expect(glossaryView(course(), 'zh-CN')).toEqual({ locale: 'zh-CN', course: 'linux-ops', terms: [] });
  });

  it('answerTerms: each non-English name and aka read as the term’s answer; blanks and the answer itself left out', () => {
    expect(answerTerms(zh)).toEqual([
      { names: ['虚拟 IP', '虚拟IP', 'virtual IP'], as: 'vip' },
      { names: ['调度器', 'DS', '负载调度器'], as: 'director' },
    ]);
    expect(answerTerms(zh)).toBe(answerTerms(zh)); // the same array each time: the grader's cache holds
    expect(answerTerms(course())).toEqual([]);
    expect(answerTerms(undefined)).toEqual([]);
  });

  it('translatedAnswers: the extra answers of every translation of the task', () => {
    expect(translatedAnswers(exercise(ZH), 'mode')).toEqual([{ regex: '地址转换', flags: 'i' }]);
    expect(translatedAnswers(exercise(ZH), 'add-vip')).toEqual([]);
    expect(translatedAnswers(exercise(), 'mode')).toEqual([]);
  });
});

describe('answerQuiz', () => {
  it('grades with the translations’ answers, the glossary terms and the locale, and explains in the locale', async () => {
    const { answerQuiz } = await import('../../server/service/answer-quiz.js');
    const ex = exercise(ZH);
    // Free text (no choices): graded the same before and after choices are matched by id.
    const task = { ...ex.tasks[1]!, quiz: { ...ex.tasks[1]!.quiz!, choices: undefined } };
    const recorded: unknown[] = [];
    gradeCalls.length = 0;
    const verdict = await answerQuiz({ exercise: ex, course: course({ glossary: GLOSSARY }), task, learner: 'l_1', answer: 'NAT', locale: 'zh-CN', record: (r) => void recorded.push(r) });
    expect(verdict).toMatchObject({ correct: true, explanation: 'NAT 模式改写目标地址。' });
    expect(gradeCalls).toHaveLength(1);
    const [, given, opts] = gradeCalls[0] as [unknown, string, { also: unknown; terms: { as: string }[]; locale: string }];
    expect(given).toBe('NAT');
    expect(opts.also).toEqual([{ regex: '地址转换', flags: 'i' }]);
    expect(opts.terms.map((t) => t.as)).toEqual(['vip', 'director']);
    expect(opts.locale).toBe('zh-CN');
    expect(recorded).toEqual([{ learner: 'l_1', exercise: 'lvs-nat', task: 'mode', correct: true, answer: 'NAT' }]);
    const en = await answerQuiz({ exercise: ex, task, learner: 'l_1', answer: 'DR', locale: 'en' });
    expect(en).toMatchObject({ correct: false, explanation: 'NAT rewrites it.' });
  });
});
