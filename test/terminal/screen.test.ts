// The server's copy of a screen (server/terminal/screen.ts) under a flood: what waits to be parsed
// stays bounded (it no longer sets the session's pace), and a snapshot still ends with the newest
// output; ordinary output is parsed as it comes.
import { describe, expect, it } from 'vitest';
import { BACKLOG, Screen, TAIL } from '../../server/terminal/screen.js';

const lines = (from: number, to: number) => Buffer.from(Array.from({ length: to - from }, (_, i) => `line ${from + i} ${'x'.repeat(40)}\r\n`).join(''));

describe('the server’s screen', () => {
  it('parses ordinary output as it comes: all of it is in the snapshot', async () => {
    const screen = new Screen({ cols: 80, rows: 24 });
    screen.write(lines(0, 50));
    expect(screen.held).toBe(0);
    const snap = await screen.snapshot();
    expect(snap).toContain('line 0 ');
    expect(snap).toContain('line 49 ');
    screen.dispose();
  });

  it('parses a single large chunk that comes while it is idle', async () => {
    const screen = new Screen({ cols: 80, rows: 24 });
    screen.write(lines(0, 4000)); // ~190 KB, more than BACKLOG, in one piece
    expect(screen.held).toBe(0);
    expect(screen.pending).toBeGreaterThan(BACKLOG);
    screen.dispose();
  });

  it('keeps at most TAIL bytes of a flood waiting, and its snapshot ends with the newest line', async () => {
    const screen = new Screen({ cols: 80, rows: 24 });
    let most = 0;
    for (let i = 0; i < 100; i++) {
      screen.write(lines(i * 1000, (i + 1) * 1000)); // ~48 KB each, ~4.8 MB in all, written faster than it parses
      most = Math.max(most, screen.held + screen.pending);
    }
    expect(most).toBeLessThanOrEqual(BACKLOG + TAIL + 60_000);
    const snap = await screen.snapshot();
    expect(snap).toContain('line 99999 ');
    expect(screen.held).toBe(0);
    screen.dispose();
  });
});
