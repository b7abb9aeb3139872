// Escape sequences whose cost in an xterm.js terminal grows with a number the output carries, bounded
// to what the screen can show. Both kinds of terminal parse what a learner's shell prints: the
// server's headless copy of each screen (server/terminal/screen-sequences.ts, on the server's main
// thread) and every terminal of the web app (web/src/terminal/mount.ts: a learner's own tab, and an
// admin's engine console, where a learner's process name can arrive in a kernel message).
// - SU, SD, IL, DL (`CSI n S|T|L|M`; xterm.js takes n up to 2147483647 and loops n times): n
//   scrolls of the region; past the region's height every further one changes nothing, so n
//   becomes the screen's height (the same screen).
// - CHT, CBT (`CSI n I|Z`): n tab stops; past the screen's width the cursor is at its edge, so n
//   becomes the width.
// - REP (`CSI n b`): n copies of the preceding character, printed at once (8 GB asked for at the
//   largest n). Once they have filled the screen, the screen repeats with the line's period, so n
//   becomes a number past one screenful with the same remainder: the screen and the cursor are the
//   same; the scrollback holds fewer lines of that character.
// No imports: the web app and the server both use it, each with its own xterm.js build, so the
// terminal is described by the little this needs of it.

/** xterm.js's own parameter list (common/parser/Params.ts): the values, in place, and how many there are. */
interface Params {
  params: Int32Array;
  length: number;
}

/**
 * The terminal's core parser registration, which hands a handler the parameter list itself: the
 * public one (term.parser) hands out a copy, so a handler there can only swallow a sequence, not
 * bound it. A handler registered later runs first and sees the same list the built-in one then sees.
 */
interface Core {
  registerCsiHandler(id: { final: string }, handler: (params: Params) => boolean): { dispose(): void };
}

/** What this needs of a terminal, headless or in a browser. */
export interface BoundableTerminal {
  readonly rows: number;
  readonly cols: number;
}

function coreOf(term: BoundableTerminal): Core {
  const core = (term as unknown as { _core?: Partial<Core> })._core;
  if (typeof core?.registerCsiHandler !== 'function') {
    // An xterm.js that moved its core: fail where the terminal is made, never run unbounded.
    throw new Error('xterm.js has no _core.registerCsiHandler: the bounds on costly escape sequences (shared/terminal-bounds.ts) need updating');
  }
  return core as Core;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * The count of a REP that leaves the same screen and cursor as `n` at a cost of about one screenful:
 * past a fill of the screen (plus two lines, for a cursor that starts mid-line), only `n` modulo the
 * line's period matters. A line holds `cols` narrow or `floor(cols / 2)` wide characters; their
 * least common multiple serves both.
 */
export function repCount(n: number, size: { cols: number; rows: number }): number {
  const { cols } = size;
  const fill = (size.rows + 2) * cols;
  if (n <= fill) return n;
  const wide = Math.max(1, Math.floor(cols / 2));
  const period = (cols * wide) / gcd(cols, wide);
  return fill + ((n - fill) % period);
}

/** Bounds the costly CSI sequences above on `term`; call once, before anything is written. */
export function boundCostlyCsi(term: BoundableTerminal): void {
  const core = coreOf(term);
  const capFirst = (limit: () => number) => (p: Params) => {
    const max = limit();
    if (p.length > 0 && p.params[0]! > max) p.params[0] = max;
    return false; // the built-in handler runs next, with the bounded count
  };
  for (const final of ['S', 'T', 'L', 'M']) core.registerCsiHandler({ final }, capFirst(() => term.rows));
  for (const final of ['I', 'Z']) core.registerCsiHandler({ final }, capFirst(() => term.cols));
  core.registerCsiHandler({ final: 'b' }, (p) => {
    if (p.length > 0) p.params[0] = repCount(p.params[0]!, { cols: term.cols, rows: term.rows });
    return false;
  });
}
