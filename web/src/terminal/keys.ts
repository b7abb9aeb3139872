// The bytes a terminal key sends, for input that does not come from a physical keyboard: the
// on-screen key row of phones and tablets (Ctrl as a sticky modifier, Esc, Tab, arrows, a few
// symbols) and text typed in by a lesson's "run" button (terminalBus.ts).

export type ScreenKey = 'esc' | 'tab' | 'up' | 'down' | 'right' | 'left' | 'pipe' | 'tilde' | 'slash' | 'dash';

const ARROW: Record<string, string> = { up: 'A', down: 'B', right: 'C', left: 'D' };
const PLAIN: Record<string, string> = { esc: '\x1b', tab: '\t', pipe: '|', tilde: '~', slash: '/', dash: '-' };

/**
 * What `key` sends. Arrows follow the terminal's cursor-key mode (DECCKM: `ESC [ A` normally,
 * `ESC O A` when a full-screen program such as vi or less asked for application mode); with Ctrl
 * they send the xterm modifier form (`ESC [ 1 ; 5 A`), which readline reads as a word move.
 */
export function keyBytes(key: ScreenKey, opts: { ctrl: boolean; appCursor: boolean }): string {
  const arrow = ARROW[key];
  if (arrow) {
    if (opts.ctrl) return `\x1b[1;5${arrow}`;
    return opts.appCursor ? `\x1bO${arrow}` : `\x1b[${arrow}`;
  }
  const plain = PLAIN[key]!;
  return opts.ctrl && plain.length === 1 ? withCtrl(plain) : plain;
}

/**
 * A character typed while Ctrl is held: letters and @[\]^_ become C0 control codes (c → ^C, 0x03),
 * ? becomes DEL, space NUL; anything else is sent as it is.
 */
export function withCtrl(ch: string): string {
  if (ch.length !== 1) return ch;
  const code = ch.toUpperCase().charCodeAt(0);
  if (code >= 0x40 && code <= 0x5f) return String.fromCharCode(code - 0x40);
  if (ch === '?') return '\x7f';
  if (ch === ' ') return '\x00';
  return ch;
}

/** A single printable character (what the sticky Ctrl applies to; a terminal's own reports pass by). */
export const isPrintable = (data: string): boolean => data.length === 1 && data >= ' ' && data <= '~';

/**
 * Lesson text as keystrokes: each line entered (Enter is a carriage return), the last one entered
 * too when `run`, else left at the prompt. Line ends of any style; one final newline is not an
 * extra empty line. Never bracketed paste: a pasted block is not run, and a "run" must run.
 */
export function typedText(text: string, run: boolean): string {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
  return lines.join('\r') + (run ? '\r' : '');
}
