// What the store keeps of a check run's results. A learner is root in their lab: by replacing the
// tools a check calls, every check's output can fill the exec's cap (64 KiB) and its FAIL line as
// much, 30 runs a minute. The answer to the run itself carries all of it, once; the copy kept for
// the history (sent back 50 runs at a time, on every reload of the page) keeps the end of each
// check's output (where a script says what went wrong) and the start of each message, saying how
// much was cut. The store keeps the newest HISTORY_RUNS runs per learner and exercise (sql.ts).
import type { CheckResult, Results } from '../../shared/api.js';
import { ARG_NAME, MAX_ARGS, MESSAGE_KEY } from '../curriculum/message-format.js';

/** Characters of a check's output the history keeps. */
export const KEPT_OUTPUT_CHARS = 2000;
/** Characters of a check's message the history keeps. */
export const KEPT_MESSAGE_CHARS = 500;
/**
 * Characters of kept results one history answer carries at most (the newest run always): an
 * exercise of twenty-odd checks at the bounds above made 50 runs 2.9 MB, and each GET of it about
 * 50 ms of the main thread. Ordinary runs are a few KiB: all 50 fit.
 */
export const HISTORY_CHARS = 512 * 1024;

/** The newest rows (newest first) whose kept results fit in HISTORY_CHARS together; the first always. */
export function withinHistory<R extends { results: string }>(rows: R[]): R[] {
  let chars = 0;
  const out: R[] = [];
  for (const r of rows) {
    chars += r.results.length;
    if (out.length && chars > HISTORY_CHARS) break;
    out.push(r);
  }
  return out;
}

/** Runs of one learner's exercise the store keeps (what GET /api/history shows at most). */
export const HISTORY_RUNS = 50;

/**
 * Characters of `text` kept within `max`, the note of the cut included: a kept text is within the
 * bound, so bounding it again (history() bounds what it reads: rows from before the bound) keeps it
 * as it is, and its note still counts what the original lost.
 */
const keptChars = (text: string, max: number) => max - `… (${text.length} characters cut)`.length;
const head = (text: string, max: number) => {
  if (text.length <= max) return text;
  const keep = keptChars(text, max);
  return `${text.slice(0, keep)}… (${text.length - keep} characters cut)`;
};
const tail = (text: string, max: number) => {
  if (text.length <= max) return text;
  const keep = keptChars(text, max);
  return `(${text.length - keep} characters cut) …${text.slice(-keep)}`;
};

/** Arguments of a check's message the history keeps (the judge reads at most 16), and characters of each. */
export const KEPT_ARGS = MAX_ARGS;
export const KEPT_ARG_CHARS = 200;

/**
 * A check's message key and arguments as kept: the history renders the message again from them in
 * the reader's language, so they are kept within the judge's bounds (a key and names it would
 * accept, at most KEPT_ARGS arguments) with each value cut to KEPT_ARG_CHARS; an unusable key is
 * dropped with its arguments (the message kept in English still says it).
 */
function keptKey(t: CheckResult): Pick<CheckResult, 'message_key' | 'message_args'> {
  if (typeof t.message_key !== 'string' || !MESSAGE_KEY.test(t.message_key)) return {};
  const args = Object.entries(t.message_args ?? {})
    .filter(([name, value]) => ARG_NAME.test(name) && typeof value === 'string')
    .slice(0, KEPT_ARGS)
    .map(([name, value]) => [name, head(value, KEPT_ARG_CHARS)] as [string, string]);
  return args.length ? { message_key: t.message_key, message_args: Object.fromEntries(args) } : { message_key: t.message_key };
}

/** The results as the store keeps them: the run's message and each check's output, message and message arguments bounded. */
export function keptResults(results: Results): Results {
  return {
    ...results,
    message: head(results.message ?? '', KEPT_MESSAGE_CHARS),
    tests: results.tests.map((t) => {
      const { message_key: _key, message_args: _args, ...rest } = t;
      return { ...rest, message: head(t.message ?? '', KEPT_MESSAGE_CHARS), output: tail(t.output ?? '', KEPT_OUTPUT_CHARS), ...keptKey(t) };
    }),
  };
}
