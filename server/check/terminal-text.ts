// Text a learner controls (FAIL messages, check output, submission and file names) made safe to
// print on a grader's or author's terminal. A terminal obeys control characters: ESC starts
// sequences that move the cursor, clear the screen, retitle the window, write the clipboard
// (OSC 52) or print hyperlinks; C1 controls (U+0080-U+009F, such as U+009B CSI) do the same on
// terminals that take them; CR and backspace overwrite what was printed; bidi overrides make the
// text read differently from what it is. Nothing is parsed here (a parser can be fooled): every
// such character becomes a visible escape (`\x1b`, `\u202e`), so the rest of a sequence is plain
// text and the grader still sees that something was there.

/** Characters a terminal or a bidi renderer acts on; \n and \t are left to the caller. */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** The same set minus what JSON.stringify escapes already (all of C0). */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const hex = (c: string, width: number) => c.charCodeAt(0).toString(16).padStart(width, '0');
const visible = (c: string) => (c.charCodeAt(0) < 0x100 ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`);

/**
 * `text` with every control character except newline and tab (C0, DEL, C1, bidi controls, line
 * and paragraph separators) turned into a visible escape. `oneLine`: newlines and tabs become
 * spaces too, for a table cell or a log line.
 */
export function terminalSafe(text: string, options?: { oneLine?: boolean }): string {
  const safe = String(text).replace(UNSAFE, visible);
  return options?.oneLine ? safe.replace(/[\n\t]/g, ' ') : safe;
}

/**
 * JSON for a terminal: JSON.stringify escapes C0 but leaves DEL, C1 and bidi controls raw; they
 * become \uXXXX escapes, so the text parses to the same value and prints harmlessly.
 */
export function terminalSafeJson(value: unknown, space: number = 2): string {
  return JSON.stringify(value, null, space).replace(UNSAFE_IN_JSON, (c) => `\\u${hex(c, 4)}`);
}
