// The server's copy of a screen (server/terminal/screen.ts) parses whatever a learner's shell
// prints, on the server's main thread. Some escape sequences make a terminal do work that grows with
// a number or a payload in the sequence: `CSI 2147483647 S` once looped two billion times (an hour
// of a frozen server, every learner's terminal and request with it), `a CSI 2147483647 b` tried to
// allocate 8 GB, and an `OSC 4` of 1 MB of semicolons took minutes (quadratic). Each must cost about
// what its smallest equivalent costs, and leave the same screen.
import xtermHeadless from '@xterm/headless';
import { describe, expect, it } from 'vitest';
import { Screen } from '../../server/terminal/screen.js';

const COLS = 80;
const ROWS = 24;
const CSI = '\x1b[';

/** The snapshot after writing `parts` in order, and how long the writes and the parse took (ms). */
async function run(parts: string[]): Promise<{ snap: string; ms: number }> {
  const screen = new Screen({ cols: COLS, rows: ROWS });
  try {
    const started = performance.now();
    for (const p of parts) screen.write(Buffer.from(p));
    const snap = await screen.snapshot();
    return { snap, ms: performance.now() - started };
  } finally {
    screen.dispose();
  }
}

/** The visible screen and the cursor of a snapshot, as a terminal of the same size shows them. */
async function visible(snap: string): Promise<{ lines: string[]; cursor: [number, number] }> {
  const term = new xtermHeadless.Terminal({ cols: COLS, rows: ROWS, scrollback: 5000, allowProposedApi: true });
  try {
    await new Promise<void>((r) => term.write(snap, r));
    const b = term.buffer.active;
    const lines = Array.from({ length: ROWS }, (_, i) => b.getLine(b.baseY + i)?.translateToString(true) ?? '');
    return { lines, cursor: [b.cursorX, b.cursorY] };
  } finally {
    term.dispose();
  }
}

/** Numbered lines filling more than the screen, so a scroll or an insertion shows. */
const page = Array.from({ length: 40 }, (_, i) => `line ${i}\r\n`).join('');

// Counts chosen so that, before the bound, each sequence took seconds here (and grew linearly up
// to an hour at 2147483647); with it each takes about what its screen-sized equivalent takes (~1 ms).
const BOUND_MS = 150;

describe('the server’s screen under escape sequences with huge counts', () => {
  it.each([
    ['SU (scroll up)', 'S', ROWS, 4_000_000],
    ['SD (scroll down)', 'T', ROWS, 4_000_000],
    ['IL (insert lines)', 'L', ROWS, 4_000_000],
    ['DL (delete lines)', 'M', ROWS, 4_000_000],
    ['CHT (tab forward)', 'I', COLS, 2_000_000_000],
    ['CBT (tab backward)', 'Z', COLS, 100_000_000],
  ])('%s with a huge count costs what a screen-sized one costs, and does the same', async (_name, final, screenful, huge) => {
    // From the middle of the screen, so both directions have something to do.
    const setup = `${page}${CSI}12;41H`;
    const small = await run([setup, `${CSI}${screenful}${final}X`]);
    const big = await run([setup, `${CSI}${huge}${final}X`]);
    expect(big.snap).toBe(small.snap);
    expect(big.ms).toBeLessThan(BOUND_MS);
  });

  it('REP (repeat the preceding character) with a huge count leaves the screen and cursor that printing them all would', async () => {
    const huge = 50_000_000;
    const rep = await run([`${page}a${CSI}${huge}b!`]);
    // Printing that many: past a screenful the screen repeats with the line's period (80), so the
    // same number modulo 80, beyond a full buffer (1000 lines of scrollback), leaves the same screen.
    const fill = 100_000;
    const literal = await run([`${page}${'a'.repeat(fill + ((huge + 1 - fill) % COLS))}!`]);
    expect(await visible(rep.snap)).toEqual(await visible(literal.snap));
    expect(rep.ms).toBeLessThan(BOUND_MS);
  });

  it('a burst of huge REPs costs about what as many screenfuls of output cost, not one buffer each', async () => {
    // 100 sequences, 12 bytes each: before the bound each printed its count; a bound of a full
    // buffer (82 000 characters each) would still take seconds for these 1.2 KB.
    const screens = await run([Array.from({ length: 100 }, (_, i) => String.fromCharCode(97 + (i % 26)).repeat((ROWS + 3) * COLS)).join('')]);
    const burst = await run([Array.from({ length: 100 }, (_, i) => `${String.fromCharCode(97 + (i % 26))}${CSI}999999b`).join('')]);
    expect(burst.ms).toBeLessThan(Math.max(3 * screens.ms, BOUND_MS));
  });

  it('REP with an ordinary count repeats exactly that often', async () => {
    const { snap } = await run([`x${CSI}5b|`]);
    expect(snap).toContain('xxxxxx|');
    expect(snap).not.toContain('xxxxxxx');
  });

  it('an OSC 4 (set colours) of 256 KiB of separators is read in linear time, and output after it shows', async () => {
    const { snap, ms } = await run([`before\x1b]4;${';'.repeat(256 * 1024)}\x07after`]);
    expect(snap).toContain('beforeafter');
    expect(ms).toBeLessThan(1000);
  });

  it('hyperlinks (OSC 8) leave nothing behind: 100 000 of them in 700 KB of output hold no memory, and later lines parse at once', async () => {
    // Each one used to keep an entry and a marker (with three listeners) until its line left the
    // scrollback: 284 MB held for these 700 KB, and every later line feed called every marker
    // (2000 lines took 9 s; 400 000 links, 1.1 GB and more than two minutes).
    const screen = new Screen({ cols: COLS, rows: ROWS });
    try {
      const gc = (globalThis as { gc?: () => void }).gc;
      if (!gc) throw new Error('this test needs node --expose-gc (vitest.unit.config.ts passes it)');
      gc();
      const before = process.memoryUsage().heapUsed;
      const links = '\x1b]8;;x\x07'.repeat(10_000);
      for (let i = 0; i < 10; i++) {
        screen.write(Buffer.from(links));
        await screen.snapshot();
      }
      gc();
      expect(process.memoryUsage().heapUsed - before).toBeLessThan(30 * 1024 * 1024);
      const started = performance.now();
      screen.write(Buffer.from(`${'line\r\n'.repeat(2000)}\x1b]8;;https://example.com\x07linked text\x1b]8;;\x07`));
      const snap = await screen.snapshot();
      expect(performance.now() - started).toBeLessThan(1000);
      expect(snap).toContain('linked text');
    } finally {
      screen.dispose();
    }
  });
});
