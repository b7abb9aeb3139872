// Quiz answers are graded here, on the server; the browser never sees the accepted answers.
// An answer is untrusted text: everything below runs in time linear in its length (patterns on
// the RE2 engine of pattern.ts, the rest with regular expressions that cannot backtrack), and no
// more than MAX_ANSWER_CHARS of it is looked at.
import type { Locale } from '../../shared/i18n.js';
import { normalizeFreeText, readTerms, type AnswerTerm } from './answer-text.js';
import { compilePattern, normalizeAnswer } from './pattern.js';
import type { Answer, QuizSpec } from './schema.js';

export type { AnswerTerm } from './answer-text.js';

export interface QuizVerdict {
  correct: boolean;
  /** Why a near miss was refused ("expected MB/s, got KB/s"), when we can tell; in the locale asked for. */
  feedback?: string;
  explanation: string;
}

export interface GradeOptions {
  /** More accepted answers: a translation's wording that no glossary term covers. */
  also?: readonly Answer[];
  /** The course glossary: the names an answer may use for a term (虚拟IP for VIP). */
  terms?: readonly AnswerTerm[];
  /** The language of the feedback. */
  locale?: Locale;
}

/** The longest answer graded, in characters; the answer route refuses longer ones (HTTP 400). */
export const MAX_ANSWER_CHARS = 500;

/**
 * A choice quiz takes the id of a choice (whatever language its text was shown in). A free-text
 * answer is judged as typed and as the glossary reads it (see answer-text.ts): accepted when any
 * answer of the quiz or of `also` matches either.
 */
export function gradeAnswer(quiz: QuizSpec, given: string, opts: GradeOptions = {}): QuizVerdict {
  const raw = capped(given.slice(0, 4 * MAX_ANSWER_CHARS).trim());
  if (quiz.choices) {
    const id = raw.toLowerCase();
    const correct = quiz.answers.some((a) => 'choice' in a && a.choice === id);
    return { correct, explanation: quiz.explanation };
  }
  const typed = capped(normalizeFreeText(raw).trim());
  const read = opts.terms?.length ? capped(readTerms(typed, opts.terms)) : typed;
  const forms = read === typed ? [typed] : [typed, read];
  let feedback: string | undefined;
  for (const accepted of [...quiz.answers, ...(opts.also ?? [])]) {
    if ('regex' in accepted) {
      if (matchesPattern(accepted, forms)) return { correct: true, explanation: quiz.explanation };
      continue;
    }
    for (const answer of forms) {
      const r = matches(accepted, answer, opts.locale ?? 'en');
      if (r === true) return { correct: true, explanation: quiz.explanation };
      if (typeof r === 'string') feedback ??= r;
    }
  }
  return { correct: false, feedback, explanation: quiz.explanation };
}

/** At most MAX_ANSWER_CHARS code points, as the route's JSON Schema counts them. */
function capped(s: string): string {
  if (s.length <= MAX_ANSWER_CHARS) return s;
  return Array.from(s).slice(0, MAX_ANSWER_CHARS).join('');
}

type RegexAnswer = Extract<Answer, { regex: string }>;

/**
 * Patterns are written for the answer itself ("ipvsadm"); a learner writes a sentence ("It's
 * ipvsadm"), so each form is judged also without its lead-in. Accepted when `regex` matches one of
 * them and no `unless` matches any: an `unless` written in English must still refuse an answer
 * whose glossary reading it recognises ("全NAT" read as "full NAT"), even where the typed form
 * slips past (RE2's `\W` takes Chinese characters as non-word, so `^\W*nat` skips 全).
 */
function matchesPattern(accepted: RegexAnswer, forms: readonly string[]): boolean {
  const texts = new Set<string>();
  for (const f of forms) {
    const text = normalizeAnswer(f);
    texts.add(text);
    texts.add(text.replace(LEAD_IN, '').replace(LEAD_IN_ZH, ''));
  }
  const all = [...texts];
  if ((accepted.unless ?? []).some((u) => all.some((t) => test(u, accepted.flags, t, true)))) return false;
  return all.some((t) => test(accepted.regex, accepted.flags, t, false));
}

/** true when accepted, false when not, a string when not accepted for a reason worth saying. */
function matches(accepted: Answer, answer: string, locale: Locale): boolean | string {
  if ('choice' in accepted) return false;
  if ('regex' in accepted) return matchesPattern(accepted, [answer]);
  if ('exact' in accepted) {
    const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
    return accepted.caseSensitive ? norm(answer) === norm(accepted.exact) : norm(answer).toLowerCase() === norm(accepted.exact).toLowerCase();
  }
  const parsed = parseNumber(answer);
  if (!parsed) return false;
  let { value } = parsed;
  if (accepted.unit && parsed.unit && normUnit(parsed.unit) !== normUnit(accepted.unit)) {
    // The same kind of quantity under another prefix (1 Gbit/s for 1000 Mbit/s) is the same
    // answer; another kind (bytes for bits) is named.
    // A right number under a wrong prefix (8.93 KB/s for 8.93 MB/s) is named too.
    const given = dataUnit(parsed.unit);
    const wanted = dataUnit(accepted.unit);
    const wrongUnit = locale === 'zh-CN' ? `单位应为 ${accepted.unit}，而不是 ${parsed.unit}` : `the unit should be ${accepted.unit}, not ${parsed.unit}`;
    if (!given || !wanted || given.base !== wanted.base) return wrongUnit;
    value = (value * given.factor) / wanted.factor;
    if (!within(value, accepted) && within(parsed.value, accepted)) return wrongUnit;
  }
  return within(value, accepted);
}

function within(value: number, accepted: { number: number; tolerance: number }): boolean {
  return Math.abs(value - accepted.number) <= accepted.tolerance + 1e-9;
}

/** "It's", "I think it was", "the answer is", "it is called"... before an answer; anchored, no nested quantifier. */
const LEAD_IN = /^\W*(?:i\s+(?:think|believe|guess)\s+)?(?:(?:it|that|this|the\s+answer|answer)(?:\s*['’]s|\s+is|\s+was|\s*:)(?:\s+called|\s+named)?(?:\s*:)?|called|named)\s+/i;

/**
 * The Chinese for the same: 答案是, 应该是, 我认为是, 我觉得是, 是 (after the English lead-in, if any).
 * Anchored, no nested quantifier.
 */
const LEAD_IN_ZH = /^\s*(?:我(?:认为|觉得|想)(?:应该)?是|答案(?:应该)?是|应该是|就是|是)\s*:?\s*/;

// A pattern the linear engine cannot take (`opslab validate` reports it) accepts nothing, and
// such an `unless` refuses everything: an unchecked curriculum fails closed.
function test(source: string, flags: string, text: string, otherwise: boolean): boolean {
  const c = compilePattern(source, flags);
  return c.ok ? c.pattern.test(text) : otherwise;
}

// Linear on any answer: NUMBER fails at once where no digit starts, and the first attempt that
// starts at a digit succeeds (everything after `\d+` is optional and greedy, nothing can fail
// after it), so no start position is tried twice; HEDGE is anchored; no quantifier is nested.
// Thousands may be grouped (1,000 or 1 000 000: three digits a group, no digit after); else a
// comma is a decimal point (8,93). The grouped form is tried first and the plain one cannot
// fail, so a start position is still tried once.
const NUMBER = /(-?)(?:(\d{1,3}(?:[, ]\d{3})+)(?!\d)|(\d+(?:[.,]\d+)?))(e[-+]?\d+)?\s*([a-zµ%/][a-zµ/%0-9]*)?/i;
const HEDGE = /^(?:about|approximately|approx\.?|~|≈|大约|大概|约为|约)\s*/i;

function parseNumber(s: string): { value: number; unit?: string } | undefined {
  const m = NUMBER.exec(s.replace(HEDGE, ''));
  if (!m) return undefined;
  const [, sign, grouped, plain, exponent] = m;
  const value = Number(`${sign}${grouped ? grouped.replace(/[, ]/g, '') : plain!.replace(',', '.')}${exponent ?? ''}`);
  return Number.isFinite(value) ? { value, unit: m[5] } : undefined;
}

/** Case does not matter in units, except bits (b) against bytes (B); words become symbols. */
function normUnit(u: string): string {
  return u
    .replace(/ps$/i, '/s')
    .replace(/\/sec$/i, '/s')
    .replace(/^kilo/i, 'k')
    .replace(/^mega/i, 'M')
    .replace(/^giga/i, 'G')
    .replace(/^tera/i, 'T')
    .replace(/bytes?/i, 'B')
    .replace(/bits?/i, 'b')
    .replace(/[^bB]/g, (c) => c.toLowerCase());
}

const PREFIX: Record<string, number> = { '': 1, k: 1e3, m: 1e6, g: 1e9, t: 1e12, ki: 2 ** 10, mi: 2 ** 20, gi: 2 ** 30, ti: 2 ** 40 };

/** An amount of data or a data rate: its base (b, B, b/s, B/s) and what its prefix multiplies by. */
function dataUnit(u: string): { base: string; factor: number } | undefined {
  const m = /^([kmgt]i?)?([bB])(\/s)?$/.exec(normUnit(u));
  if (!m) return undefined;
  return { base: m[2]! + (m[3] ?? ''), factor: PREFIX[m[1] ?? '']! };
}
