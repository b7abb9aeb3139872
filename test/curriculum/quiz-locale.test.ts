// Quizzes in any language (issue 18): a choice is answered by its id, whatever language its text
// was shown in; a free-text answer typed on a Chinese keyboard or in the terms of a Chinese
// textbook is read as the English the author's patterns look for.
import { describe, expect, it } from 'vitest';
import { gradeAnswer, loadCurriculum, type QuizSpec } from '../../server/curriculum/index.js';
import { normalizeFreeText, readTerms, type AnswerTerm } from '../../server/curriculum/answer-text.js';
import { makeCourse } from '../helpers/curriculum.js';

const quiz = (answers: QuizSpec['answers'], choices?: QuizSpec['choices']): QuizSpec => ({ question: 'q', answers, explanation: 'because', choices });
const TERMS: AnswerTerm[] = [
  { names: ['虚拟IP', '虚拟 IP', 'VIP地址', 'DS'], as: 'VIP' },
  { names: ['真实服务器IP', '真实服务器'], as: 'RIP' },
  { names: ['源地址转换'], as: 'SNAT' },
  { names: ['轮询'], as: 'rr' },
  { names: ['加权轮询'], as: 'wrr' },
];

describe('choice quizzes, by id', () => {
  const q = quiz([{ choice: 'b' }], [
    { id: 'a', text: 'NAT only' },
    { id: 'b', text: 'NAT and full NAT' },
  ]);

  it('accepts the right id, in any case and spacing, and nothing else', () => {
    expect(gradeAnswer(q, 'b').correct).toBe(true);
    expect(gradeAnswer(q, ' B ').correct).toBe(true);
    expect(gradeAnswer(q, 'a').correct).toBe(false);
    // The text is what the learner read, in some language: never the answer.
    expect(gradeAnswer(q, 'NAT and full NAT').correct).toBe(false);
    expect(gradeAnswer(q, '').correct).toBe(false);
  });
});

describe('free-text answers in Chinese', () => {
  const vip = quiz([{ regex: '^\\W*(the\\s+)?VIP\\W*$', flags: 'i' }]);

  it('reads full-width letters, digits and punctuation as ASCII', () => {
    expect(normalizeFreeText('ＶＩＰ，８．９３（ｍｂ）')).toBe('VIP,8.93(mb)');
    expect(normalizeFreeText('rr、wrr。“lc”')).toBe('rr,wrr."lc"');
    expect(gradeAnswer(vip, 'ＶＩＰ').correct).toBe(true);
  });

  it('reads glossary names as the English the pattern looks for, longest name first', () => {
    expect(readTerms('虚拟IP', TERMS)).toBe('VIP');
    expect(readTerms('加权轮询', TERMS)).toBe('wrr');
    expect(readTerms('真实服务器IP和虚拟ip', TERMS)).toBe('RIP和VIP');
    // English names are the patterns' business: DS is not read as VIP.
    expect(readTerms('DS', TERMS)).toBe('DS');
    // A Latin letter next to the English gets a space, so \b still sees a word boundary.
    expect(readTerms('the虚拟IP', TERMS)).toBe('the VIP');
  });

  it('reads glossary names holding any punctuation (a dash, brackets) as literals, without failing', () => {
    // A regular expression of the names is built with the u flag, where `\\-` is not a valid escape.
    const terms: AnswerTerm[] = [{ names: ['主-备', '四层/七层', '负载均衡(LB)', '调度器[DS]', 'a.b*c+?^$|{}'], as: 'x' }];
    expect(readTerms('主-备', terms)).toBe('x');
    expect(readTerms('四层/七层 负载均衡(LB)', terms)).toBe('x x');
    expect(readTerms('调度器[DS]', terms)).toBe('x');
    expect(gradeAnswer(quiz([{ regex: '^x$', flags: '' }]), '主-备', { terms }).correct).toBe(true);
  });

  it('accepts 虚拟IP for VIP, with Chinese lead-ins and full-width forms, and only with the glossary', () => {
    for (const a of ['虚拟IP', '虚拟 IP', '答案是虚拟ＩＰ', '应该是 虚拟IP。', '我认为是VIP地址', 'VIP']) {
      expect(gradeAnswer(vip, a, { terms: TERMS }).correct, a).toBe(true);
    }
    expect(gradeAnswer(vip, '虚拟IP').correct).toBe(false);
    for (const a of ['真实服务器IP', '源地址转换', '不知道']) expect(gradeAnswer(vip, a, { terms: TERMS }).correct, a).toBe(false);
  });

  it('keeps `unless` working on the glossary reading', () => {
    const q = quiz([{ regex: '\\bsnat\\b', flags: 'i', unless: ['\\bnot\\b|不是'] }]);
    expect(gradeAnswer(q, '源地址转换', { terms: TERMS }).correct).toBe(true);
    expect(gradeAnswer(q, '不是源地址转换', { terms: TERMS }).correct).toBe(false);
  });

  it('takes lists written with Chinese commas', () => {
    const q = quiz([{ regex: '^\\s*rr\\s*,\\s*wrr\\s*$', flags: 'i' }]);
    expect(gradeAnswer(q, 'rr、wrr').correct).toBe(true);
    expect(gradeAnswer(q, 'rr，wrr').correct).toBe(true);
    expect(gradeAnswer(q, '轮询、加权轮询', { terms: TERMS }).correct).toBe(true);
  });

  it('reads full-width and Chinese-hedged numbers, and says a wrong unit in the locale', () => {
    const q = quiz([{ number: 8.93, tolerance: 0.05, unit: 'MB/s' }]);
    for (const a of ['８．９３', '８.９３ ＭＢ/ｓ', '8，93', '约 8.93 MB/s', '大约8.9MB/s']) expect(gradeAnswer(q, a).correct, a).toBe(true);
    expect(gradeAnswer(q, '8.93 KB/s', { locale: 'zh-CN' }).feedback).toBe('单位应为 MB/s，而不是 KB/s');
    expect(gradeAnswer(q, '8.93 KB/s').feedback).toBe('the unit should be MB/s, not KB/s');
  });

  it('accepts the answers a translation adds', () => {
    const q = quiz([{ regex: '\\bdirector\\b', flags: 'i' }]);
    expect(gradeAnswer(q, '负载调度器').correct).toBe(false);
    expect(gradeAnswer(q, '负载调度器', { also: [{ regex: '调度器', flags: 'i' }] }).correct).toBe(true);
  });

  it('caps what NFKC lengthens: a 500-character answer of ligatures stays an answer of 500 characters', () => {
    // U+FDFA becomes 18 characters under NFKC.
    const v = gradeAnswer(quiz([{ regex: '^x$', flags: '' }]), '\ufdfa'.repeat(500), { terms: TERMS });
    expect(v.correct).toBe(false);
  });

  it('grades a hostile answer in time linear in its length', () => {
    const q = quiz([{ regex: '\\bVIP\\b', flags: 'i', unless: ['\\bnot\\b'] }]);
    const time = (n: number) => {
      const answer = '虚拟'.repeat(n) + 'Ｉ';
      const t = process.hrtime.bigint();
      for (let i = 0; i < 200; i++) gradeAnswer(q, answer, { terms: TERMS });
      return Number(process.hrtime.bigint() - t);
    };
    time(30);
    const small = time(30);
    const big = time(240);
    // 8x the answer: linear is ~8x; quadratic would be ~64x.
    expect(big / small).toBeLessThan(24);
  });
});

describe('validating choice quizzes', () => {
  const exercise = (quizYaml: string) => `id: quiz-ex
title: A quiz
summary: Questions.
tasks:
  - id: q1
    title: Modes
    text: Which?
    quiz:
      question: Which modes?
${quizYaml}
      explanation: Because.
`;
  const problemsOf = (quizYaml: string) => {
    const { problems } = loadCurriculum(makeCourse({ 'quiz-ex/exercise.yaml': exercise(quizYaml) }));
    return problems.filter((p) => p.file.endsWith('quiz-ex/exercise.yaml')).map((p) => `${p.line}: ${p.message}`);
  };

  it('takes choices with ids answered by id', () => {
    expect(problemsOf('      choices:\n        - id: a\n          text: One\n        - id: b\n          text: Two\n      answers:\n        - choice: b')).toEqual([]);
  });

  it('refuses choices without ids, saying the new form', () => {
    const p = problemsOf('      choices:\n        - One\n        - Two\n      answers:\n        - exact: Two');
    expect(p.join('\n')).toMatch(/^11: tasks\.0\.quiz\.choices\.0: a choice is an id and a text/m);
  });

  it('refuses an answer naming no choice, a text answer to a choice quiz, a choice answer without choices, and a duplicate id', () => {
    expect(problemsOf('      choices:\n        - id: a\n          text: One\n        - id: b\n          text: Two\n      answers:\n        - choice: c')).toEqual([
      "16: no choice has the id 'c' (did you mean 'a'?)",
    ]);
    expect(problemsOf('      choices:\n        - id: a\n          text: One\n        - id: b\n          text: Two\n      answers:\n        - exact: Two')[0]).toMatch(/^16: a quiz with choices is answered by a choice's id/);
    expect(problemsOf('      answers:\n        - choice: a')[0]).toMatch(/^11: this quiz has no choices/);
    expect(problemsOf('      choices:\n        - id: a\n          text: One\n        - id: a\n          text: Two\n      answers:\n        - choice: a')[0]).toMatch(/^13: duplicate choice id 'a' \(first at 11:/);
  });
});

describe('unless, over every reading of the answer', () => {
  it('refuses an answer whose glossary reading an English `unless` refuses, though the typed form slips past it', () => {
    // RE2's \W takes 全 as a non-word character: the typed 全NAT meets ^\W*nat; read as "full NAT" it meets \bfull.
    const q = quiz([{ regex: '^\\W*nat\\b', flags: 'i', unless: ['\\bfull\\b'] }]);
    const terms: AnswerTerm[] = [{ names: ['全NAT'], as: 'full NAT' }];
    expect(gradeAnswer(q, 'NAT', { terms }).correct).toBe(true);
    expect(gradeAnswer(q, '全NAT', { terms }).correct).toBe(false);
    expect(gradeAnswer(q, "it's full NAT", { terms }).correct).toBe(false);
  });
});
