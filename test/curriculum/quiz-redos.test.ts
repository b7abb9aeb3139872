// A quiz answer is untrusted text from anyone on the web, graded on the server's main thread:
// grading must take time linear in the answer, whatever the answer and whatever the pattern.
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { gradeAnswer, loadCurriculum, type QuizSpec } from '../../server/curriculum/index.js';
import { answerBodySchema } from '../../server/http/routes/exercises/schemas.js';

// The longest answer the answer route accepts: the cap is enforced there, before any grading.
const CAP = answerBodySchema.properties.answer.maxLength;
const BUDGET_MS = 50;

const { curriculum } = loadCurriculum('curricula');
const quizzes = [...curriculum.exercises.values()].flatMap((ex) =>
  ex.tasks.flatMap((t) => (t.quiz ? [{ name: `${ex.id}/${t.id}`, quiz: t.quiz }] : [])),
);
const quizOf = (name: string): QuizSpec => quizzes.find((q) => q.name === name)!.quiz;

/**
 * The fastest of three gradings: a backtracking pattern is slow every time, while a run that the
 * machine's other work (a VM in the next test lane, a collection) preempted is slow once.
 */
function timed(quiz: QuizSpec, answer: string): { ms: number; correct: boolean } {
  let ms = Number.POSITIVE_INFINITY;
  let correct = false;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    correct = gradeAnswer(quiz, answer).correct;
    ms = Math.min(ms, performance.now() - t0);
  }
  return { ms, correct };
}

/**
 * The four address names with `gap` between them: every character of a gap can be taken by
 * `(\s*addr(ess)?)?`, `\s*`, `[,;/\n]+` or `\s*` of the old pattern, and the trailing `x` makes
 * the match fail only at the very end, so a backtracking engine tries every split of every gap.
 */
const addressNames = (gap: string) => `virtual ip${gap}real ip${gap}director ip${gap}client ipx`;
const gapFor = (unit: string, total: number) => unit.repeat(Math.floor((total - addressNames('').length) / 3 / unit.length));

describe('quiz grading time', () => {
  it(`grades adversarial lb-concepts/address-names answers up to the ${CAP}-character cap in < ${BUDGET_MS} ms each`, () => {
    const quiz = quizOf('lb-concepts/address-names');
    expect(gradeAnswer(quiz, 'Virtual IP, Real Server IP, Director IP, Client IP').correct).toBe(true);
    expect(gradeAnswer(quiz, 'virtual ip\nreal ip\ndirector ip\nclient ip').correct).toBe(true);
    // Growing gaps, so a backtracking engine fails on a small one (~60 ms at 16 newlines)
    // rather than hanging the test runner on the one at the cap (hours).
    const max = gapFor('\n', CAP).length;
    for (let n = 1; n <= max; n++) {
      const answer = addressNames('\n'.repeat(n));
      const { ms, correct } = timed(quiz, answer);
      expect(correct).toBe(false);
      expect(ms, `${n} newlines per gap (${answer.length} characters) took ${ms.toFixed(1)} ms`).toBeLessThan(BUDGET_MS);
    }
    for (const unit of ['\n', '\n ', ' \n,', '\r\n', '\n\u00a0', ',\n;/ \t']) {
      const answer = addressNames(gapFor(unit, CAP));
      expect(answer.length).toBeLessThanOrEqual(CAP);
      const { ms } = timed(quiz, answer);
      expect(ms, `gaps of ${JSON.stringify(unit)} at ${answer.length} characters took ${ms.toFixed(1)} ms`).toBeLessThan(BUDGET_MS);
    }
  });

  // The same bound for every quiz of the shipped curriculum, against answers shaped to hurt
  // backtracking: long runs of what `\s*`, `\W*`, `.*` and `\w*` all take, near-misses repeated.
  const shapes: [string, string][] = [
    ['newlines', '\n'.repeat(CAP)],
    ['spaces then x', ' '.repeat(CAP - 1) + 'x'],
    ['punctuation', '-,'.repeat(CAP / 2)],
    ['word characters then !', 'a'.repeat(CAP - 1) + '!'],
    ['digits', '1'.repeat(CAP)],
    ['number-like', '1.1e'.repeat(CAP / 4)],
    ['repeated near-miss', 'virtual ip, real ip, director ip, client '.repeat(CAP / 41)],
    ['source mac dest ', 'source mac dest '.repeat(Math.floor(CAP / 16))],
    ['real server ', 'real - server '.repeat(Math.floor(CAP / 14))],
  ];
  it.each(quizzes.map((q) => [q.name, q.quiz] as const))(`grades every adversarial answer to %s in < ${BUDGET_MS} ms`, (_name, quiz) => {
    for (const [shape, answer] of shapes) {
      expect(answer.length).toBeLessThanOrEqual(CAP);
      const { ms } = timed(quiz, answer);
      expect(ms, `${shape} took ${ms.toFixed(1)} ms`).toBeLessThan(BUDGET_MS);
    }
  });
});
