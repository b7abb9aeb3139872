// Quiz answers are graded here, on the server; the browser never sees the accepted answers.
import type { Answer, QuizSpec } from './schema.js';

export interface QuizVerdict {
  correct: boolean;
  /** Why a near miss was refused ("expected MB/s, got KB/s"), when we can tell. */
  feedback?: string;
  explanation: string;
}

const MAX_ANSWER = 500;

export function gradeAnswer(quiz: QuizSpec, given: string): QuizVerdict {
  const answer = given.trim().slice(0, MAX_ANSWER);
  let feedback: string | undefined;
  for (const accepted of quiz.answers) {
    const r = matches(accepted, answer);
    if (r === true) return { correct: true, explanation: quiz.explanation };
    if (typeof r === 'string') feedback ??= r;
  }
  return { correct: false, feedback, explanation: quiz.explanation };
}

/** true when accepted, false when not, a string when not accepted for a reason worth saying. */
function matches(accepted: Answer, answer: string): boolean | string {
  if ('exact' in accepted) {
    const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
    return accepted.caseSensitive ? norm(answer) === norm(accepted.exact) : norm(answer).toLowerCase() === norm(accepted.exact).toLowerCase();
  }
  if ('regex' in accepted) return new RegExp(accepted.regex, accepted.flags).test(answer);
  const parsed = parseNumber(answer);
  if (!parsed) return false;
  if (accepted.unit && parsed.unit && normUnit(parsed.unit) !== normUnit(accepted.unit)) {
    return `the unit should be ${accepted.unit}, not ${parsed.unit}`;
  }
  return Math.abs(parsed.value - accepted.number) <= accepted.tolerance + 1e-9;
}

function parseNumber(s: string): { value: number; unit?: string } | undefined {
  const m = /(-?\d+(?:[.,]\d+)?(?:e[-+]?\d+)?)\s*([a-zµ%/][a-zµ/%0-9]*)?/i.exec(s.replace(/^(about|approximately|approx\.?|~|≈)\s*/i, ''));
  if (!m) return undefined;
  const value = Number(m[1]!.replace(',', '.'));
  return Number.isFinite(value) ? { value, unit: m[2] } : undefined;
}

/** Case does not matter in units, except bits (b) against bytes (B). */
function normUnit(u: string): string {
  return u
    .replace(/ps$/i, '/s')
    .replace(/\/sec$/i, '/s')
    .replace(/[^bB]/g, (c) => c.toLowerCase());
}
