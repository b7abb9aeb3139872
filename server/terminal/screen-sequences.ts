// The escape sequences whose cost in a terminal (time, or memory held) grows with a number or a
// payload the learner's shell prints, bounded for the server's headless copy of a screen
// (screen.ts), which parses a learner's output on the server's main thread:
// - SU, SD, IL, DL (`CSI n S|T|L|M`; xterm.js takes n up to 2147483647 and loops n times): n
//   scrolls of the region; past the region's height every further one changes nothing, so n
//   becomes the screen's height (the same screen).
// - CHT, CBT (`CSI n I|Z`): n tab stops; past the screen's width the cursor is at its edge, so n
//   becomes the width.
// - REP (`CSI n b`): n copies of the preceding character, printed at once (8 GB asked for at the
//   largest n). Once they have filled the screen, the screen repeats with the line's period, so n
//   becomes a number past one screenful with the same remainder: the screen and the cursor are the
//   same; the scrollback holds fewer lines of that character (as after a flood, screen.ts, the
//   server's copy may hold less scrollback than the learner's own terminal).
// - OSC 4 (set palette colours): xterm.js splits its payload and shifts the pieces off the front of
//   the array, quadratic in the pieces (1 MB of ';' took minutes). The server's copy has no palette
//   anyone sees (a snapshot carries cells, modes and the cursor, not colours), so it is ignored here;
//   the learner's own terminal in the browser still obeys it.
// - OSC 8 (hyperlinks): each one keeps an entry and a buffer marker (with three listeners on the
//   buffer) until its line leaves the scrollback, and every line feed calls every marker: 700 KB of
//   links on one line held 284 MB, and 2000 lines after them took 9 s. A snapshot carries no links
//   (the serialize addon writes none), so the server's copy ignores them; the text between them is
//   printed as usual, and the learner's own terminal still makes them links.
// Every other sequence of xterm.js costs at most what the screen holds or what the payload weighs
// (test/terminal/screen-sequences.test.ts measures them).
import type xtermHeadless from '@xterm/headless';

type HeadlessTerminal = InstanceType<typeof xtermHeadless.Terminal>;

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

function coreOf(term: HeadlessTerminal): Core {
  const core = (term as unknown as { _core?: Partial<Core> })._core;
  if (typeof core?.registerCsiHandler !== 'function') {
    // An xterm.js that moved its core: fail where the screen is made, never run unbounded.
    throw new Error('@xterm/headless has no _core.registerCsiHandler: the bounds on costly escape sequences (screen-sequences.ts) need updating');
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

/** Bounds the costly sequences above on `term`; call once, before anything is written. */
export function boundCostlySequences(term: HeadlessTerminal): void {
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
  // Handled here (true): xterm.js's own handler is not called.
  for (const osc of [4, 8]) term.parser.registerOscHandler(osc, () => true);
}
