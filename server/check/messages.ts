// Check messages by key, in the learner's language. A check script says `fail_t KEY name=value`
// (images/lab/lib/check.sh); the exercise's catalog (messages.yaml over the course's, with their
// translations) gives the words. The platform's own messages (a timeout, a broken check, the
// results summary) have keys too, in PLATFORM_MESSAGES. Results keep the key and arguments, so the
// same run is rendered in English for the grader and logs, and again in each reader's language.
import type { CheckResult, Results } from '../../shared/api.js';
import { type Locale, SOURCE_LOCALE } from '../../shared/i18n.js';
import type { MessageCatalog, Messages } from '../curriculum/translations.js';
import { ARG_NAME, ARG_NAME_MAX } from '../curriculum/message-format.js';
import { PLATFORM_MESSAGES, type PlatformKey } from './platform-messages.js';

export { PLATFORM_MESSAGES, type PlatformKey } from './platform-messages.js';

/** Longest `{name}` looked for in a message: no longer than a FAIL_T line may carry. */
const MAX_NAME = ARG_NAME_MAX;

const lookup = (catalog: MessageCatalog | undefined, key: string): string | undefined =>
  catalog && Object.hasOwn(catalog, key) && typeof catalog[key] === 'string' ? catalog[key] : undefined;

/** Whether a key is the platform's (its words cannot be replaced by a course's catalog). */
export function isPlatformKey(key: string): boolean {
  return lookup(PLATFORM_MESSAGES.en, key) !== undefined;
}

/**
 * The text of `key` in `locale`: the platform's catalog for its keys, else the exercise's catalog
 * in the locale, then in English; when no catalog has the key, `KEY (name=value, ...)`, so that the
 * learner still reads what the check found. `{name}` is replaced by the argument of that name;
 * unknown names are left as written. Linear in the template; nothing is built from the input.
 */
export function renderMessage(props: { messages?: Messages; key: string; args?: Record<string, string>; locale: Locale }): string {
  const { key, locale } = props;
  const args = props.args ?? {};
  const template = isPlatformKey(key)
    ? (lookup(PLATFORM_MESSAGES[locale], key) ?? lookup(PLATFORM_MESSAGES.en, key))
    : (lookup(props.messages?.[locale], key) ?? lookup(props.messages?.[SOURCE_LOCALE], key));
  if (template === undefined) {
    const shown = Object.entries(args).map(([n, v]) => `${n}=${v}`);
    return shown.length ? `${key} (${shown.join(', ')})` : key;
  }
  return fillIn(template, args);
}

/** `{name}` → args[name], in one pass over the template. */
export function fillIn(template: string, args: Record<string, string>): string {
  let out = '';
  let i = 0;
  // The next `}` is looked for once and kept until the scan passes it: looking again from every
  // `{` would read a run of them (`{{{{…`, a course file) once per brace.
  let close = -1;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open < 0) break;
    out += template.slice(i, open);
    if (close !== -2 && close <= open) close = template.indexOf('}', open + 1);
    if (close === -1) close = -2; // none left: no more arguments
    const name = close < 0 || close - open - 1 > MAX_NAME ? '' : template.slice(open + 1, close);
    if (close > open + 1 && ARG_NAME.test(name) && Object.hasOwn(args, name) && typeof args[name] === 'string') {
      out += args[name];
      i = close + 1;
    } else {
      // Not an argument we have: the brace is kept as written and the scan goes on after it.
      out += '{';
      i = open + 1;
    }
  }
  return out + template.slice(i);
}

/** A message of the platform's catalog, in English unless a locale is given. */
export function platformMessage(key: PlatformKey, args: Record<string, string> = {}, locale: Locale = SOURCE_LOCALE): { message: string; message_key: string; message_args?: Record<string, string> } {
  const message = renderMessage({ key, args, locale });
  return Object.keys(args).length ? { message, message_key: key, message_args: args } : { message, message_key: key };
}

/**
 * What localizeResults needs of an exercise (the loader's Exercise has it): its catalogs, and its
 * tasks' check names with their translations (`checks:` of exercise.zh-CN.yaml, in the English
 * checks' order).
 */
export interface WithMessages {
  id: string;
  messages?: Messages;
  tasks?: readonly { id: string; checks?: readonly { name: string }[] }[];
  translations?: Partial<Record<Locale, { tasks: Record<string, { checks?: string[] } | undefined> }>>;
}

/** One check's message in `locale` when it has a key (else as it was recorded), and its name when the exercise's translation has it. */
export function localizeResult(result: CheckResult, exercise: WithMessages | undefined, locale: Locale): CheckResult {
  const name = checkName(result, exercise, locale);
  const message = typeof result.message_key === 'string' ? renderMessage({ messages: exercise?.messages, key: result.message_key, args: stringArgs(result.message_args), locale }) : result.message;
  return name === result.name && message === result.message ? result : { ...result, name, message };
}

/** A check's name in `locale`: the translation at the English check's place in its task, else the name as run. */
function checkName(result: CheckResult, exercise: WithMessages | undefined, locale: Locale): string {
  const translated = exercise?.translations?.[locale]?.tasks;
  if (!translated || !Object.hasOwn(translated, result.task_id)) return result.name;
  const task = exercise.tasks?.find((t) => t.id === result.task_id);
  const at = task?.checks?.findIndex((c) => c.name === result.name) ?? -1;
  const name = at < 0 ? undefined : translated[result.task_id]?.checks?.[at];
  return typeof name === 'string' && name.trim() !== '' ? name : result.name;
}

/**
 * Results as a reader in `locale` sees them: every keyed message rendered again from the exercise's
 * catalogs, check names translated, and the summary said again in that language (English results
 * are the run's own, returned as they are). A message without a key (a `FAIL:` line,
 * results kept from before keys) stays as the check said it. `exercise` may be undefined (an
 * exercise gone from the curriculum): platform messages are still translated.
 */
export function localizeResults(results: Results, exercise: WithMessages | undefined, locale: Locale): Results {
  if (locale === SOURCE_LOCALE) return results;
  const tests = results.tests.map((t) => localizeResult(t, exercise, locale));
  const summary = summaryMessage(tests, locale);
  // A run's own message that is not the summary (a refused submission) is kept as it is.
  return { ...results, message: isSummary(results.message, results.tests) ? summary : results.message, tests };
}

/** The note the history puts after a message it cut (store/kept-results.ts). */
const CUT_NOTE = /… \(\d+ characters cut\)$/;

/** Whether a run's message is its English summary: whole, or its start as the history keeps a long one. */
function isSummary(message: string | undefined, tests: readonly CheckResult[]): boolean {
  if (typeof message !== 'string') return false;
  const english = summaryMessage(tests, SOURCE_LOCALE);
  if (message === english) return true;
  const cut = CUT_NOTE.exec(message);
  return cut !== null && cut.index > 0 && english.startsWith(message.slice(0, cut.index));
}

/** "All 3 check(s) passed." / "1 of 3 check(s) did not pass: a; b", in `locale`. */
export function summaryMessage(tests: readonly CheckResult[], locale: Locale): string {
  const failed = tests.filter((t) => t.status !== 'pass');
  if (!failed.length) return renderMessage({ key: 'results.pass', args: { count: String(tests.length) }, locale });
  return renderMessage({ key: 'results.fail', args: { failed: String(failed.length), total: String(tests.length), names: failed.map((t) => t.name).join('; ') }, locale });
}

/** Arguments as recorded, strings only (rows kept by an older server may hold anything). */
function stringArgs(args: unknown): Record<string, string> {
  if (!args || typeof args !== 'object') return {};
  return Object.fromEntries(Object.entries(args).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
