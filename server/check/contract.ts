// The check contract: exit 0 pass; exit 1 fail, with the last `FAIL: ` or `FAIL_T: ` line (else
// the last non-empty stdout line) as the learner's message; exit 1 with no output at all, any
// other exit, a timeout or a gone host: error.
//
// `FAIL_T: KEY<TAB>name=value...` (fail_t in images/lab/lib/check.sh) names a message of the
// exercise's catalog instead of saying it: the verdict carries the key and arguments, and the
// runner renders the words (messages.ts). The line is lab output, which the learner controls as
// root: it is read within bounds, and a line that breaks them is shown as it is, like any line.
import type { CheckStatus } from '../../shared/api.js';
import { ARG_NAME, MAX_ARG_CHARS, MAX_ARGS, MESSAGE_KEY } from '../curriculum/message-format.js';
import { platformMessage } from './messages.js';

export interface ScriptOutcome {
  exitCode: number | null;
  stdout: string;
  timedOut: boolean;
}

export interface Verdict {
  status: CheckStatus;
  message: string;
  message_key?: string;
  message_args?: Record<string, string>;
}

/** Bounds of a FAIL_T/PASS_T line (curriculum/message-format.ts). */
export { ARG_NAME, MAX_ARG_CHARS, MAX_ARGS, MESSAGE_KEY } from '../curriculum/message-format.js';

/** A keyed line's key and arguments, or undefined when it breaks the bounds (too many arguments, a bad name). */
export function parseKeyed(rest: string): { key: string; args: Record<string, string> } | undefined {
  const parts = rest.split('\t', MAX_ARGS + 2);
  const key = parts[0]!;
  if (!MESSAGE_KEY.test(key) || parts.length > MAX_ARGS + 1) return undefined;
  const entries: [string, string][] = [];
  for (const part of parts.slice(1)) {
    const eq = part.indexOf('=');
    const name = eq < 0 ? '' : part.slice(0, eq);
    if (!ARG_NAME.test(name)) return undefined;
    entries.push([name, part.slice(eq + 1, eq + 1 + MAX_ARG_CHARS)]);
  }
  // fromEntries defines own properties: a name such as __proto__ is an argument, not a prototype.
  return { key, args: Object.fromEntries(entries) };
}

/**
 * The verdict line of a status: the last `PREFIX: ` or `PREFIX_T: ` line. A keyed line within
 * bounds gives a key and arguments (its message is `KEY (name=value, ...)` until the runner renders
 * it); a keyed line out of bounds gives its text, tabs shown as spaces.
 */
function verdictLine(lines: string[], prefix: 'FAIL' | 'PASS'): Omit<Verdict, 'status'> | undefined {
  const plain = `${prefix}: `;
  const keyed = `${prefix}_T: `;
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!;
    if (line.startsWith(plain)) return { message: line.slice(plain.length) };
    if (!line.startsWith(keyed)) continue;
    const rest = line.slice(keyed.length);
    const parsed = parseKeyed(rest);
    if (!parsed) return { message: rest.replace(/\t/g, ' ') };
    const shown = Object.entries(parsed.args).map(([n, v]) => `${n}=${v}`);
    return { message: shown.length ? `${parsed.key} (${shown.join(', ')})` : parsed.key, message_key: parsed.key, message_args: parsed.args };
  }
  return undefined;
}

export function judge(outcome: ScriptOutcome, timeoutMs: number): Verdict {
  const lines = outcome.stdout.split('\n').map((l) => l.trimEnd()).filter((l) => l.trim() !== '');
  if (outcome.timedOut) return { status: 'error', ...platformMessage('check.timeout', { seconds: String(Math.round(timeoutMs / 1000)) }) };
  if (outcome.exitCode === 0) return { status: 'pass', ...(verdictLine(lines, 'PASS') ?? platformMessage('check.passed')) };
  if (outcome.exitCode === 1) {
    const fail = verdictLine(lines, 'FAIL');
    if (fail) return { status: 'fail', ...fail };
    // Exit 1 with nothing said is an author bug (a `set -u` or `set -e` death), not a verdict.
    if (lines.length === 0) return { status: 'error', ...platformMessage('check.silent-exit') };
    return { status: 'fail', message: lines[lines.length - 1]! };
  }
  return { status: 'error', ...platformMessage('check.broken', { code: String(outcome.exitCode) }) };
}
