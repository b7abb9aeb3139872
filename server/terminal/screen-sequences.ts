// The escape sequences whose cost in a terminal (time, or memory held) grows with a number or a
// payload the learner's shell prints, bounded for the server's headless copy of a screen
// (screen.ts), which parses a learner's output on the server's main thread:
// - the counted CSI sequences (scrolls, line inserts and deletes, tabs, REP): shared/terminal-bounds.ts,
//   which the web app's terminals use too. As after a flood (screen.ts), the server's copy may hold
//   less scrollback of a repeated character than the learner's own terminal.
// - OSC 4 (set palette colours): xterm.js splits its payload and shifts the pieces off the front of
//   the array, quadratic in the pieces (1 MB of ';' took minutes). The server's copy has no palette
//   anyone sees (a snapshot carries cells, modes and the cursor, not colours), so it is ignored here;
//   the learner's own terminal in the browser still obeys it (bounded there, web/src/terminal/mount.ts).
// - OSC 8 (hyperlinks): each one keeps an entry and a buffer marker (with three listeners on the
//   buffer) until its line leaves the scrollback, and every line feed calls every marker: 700 KB of
//   links on one line held 284 MB, and 2000 lines after them took 9 s. A snapshot carries no links
//   (the serialize addon writes none), so the server's copy ignores them; the text between them is
//   printed as usual, and the learner's own terminal still makes them links.
// Every other sequence of xterm.js costs at most what the screen holds or what the payload weighs
// (test/terminal/screen-sequences.test.ts measures them).
import type xtermHeadless from '@xterm/headless';
import { boundCostlyCsi } from '../../shared/terminal-bounds.js';

type HeadlessTerminal = InstanceType<typeof xtermHeadless.Terminal>;

/** Bounds the costly sequences above on `term`; call once, before anything is written. */
export function boundCostlySequences(term: HeadlessTerminal): void {
  boundCostlyCsi(term);
  // Handled here (true): xterm.js's own handler is not called.
  for (const osc of [4, 8]) term.parser.registerOscHandler(osc, () => true);
}
