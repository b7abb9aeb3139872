// Keystrokes typed while a shell starts (server/terminal/input.ts) are held until its line editor
// is up, at most 3 s, and a learner (root in the lab) can keep bash from ever saying so. Each held
// frame used to re-add every held frame to see whether the hold passed 1 MiB: quadratic in the
// frames, so a client sending tiny INPUT frames in those 3 s stalled the server's main thread
// (80 000 one-byte frames took seconds). Boundary fakes stand in for the websocket (pause/resume)
// and the exec stream (the shell's stdin).
import { PassThrough } from 'node:stream';
import type { WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import { ShellInput } from '../../server/terminal/input.js';
import type { Screen } from '../../server/terminal/screen.js';
import type { Shell } from '../../server/terminal/shell.js';

/** A fake client socket: only what ShellInput asks of it. */
function fakeSocket(): WebSocket & { pauses: number } {
  const ws = { isPaused: false, pauses: 0, pause() { ws.isPaused = true; ws.pauses++; }, resume() { ws.isPaused = false; } };
  return ws as unknown as WebSocket & { pauses: number };
}

/** A fake shell whose stdin is a stream we read back. */
function fakeShell(): { shell: Shell; typed: () => string } {
  const stream = new PassThrough();
  const got: Buffer[] = [];
  stream.on('data', (d: Buffer) => got.push(d));
  const shell = { stream, resize: async () => {}, exitCode: async () => 0, hangup: async () => {} } as unknown as Shell;
  return { shell, typed: () => Buffer.concat(got).toString() };
}

const screen = { resize() {} } as unknown as Screen;

function holdFrames(n: number): { ms: number; input: ShellInput; shell: ReturnType<typeof fakeShell>; ws: ReturnType<typeof fakeSocket> } {
  const shell = fakeShell();
  const input = new ShellInput({ shell: shell.shell, screen });
  const ws = fakeSocket();
  const one = Buffer.from('x');
  const started = performance.now();
  for (let i = 0; i < n; i++) input.write(ws, one);
  return { ms: performance.now() - started, input, shell, ws };
}

describe('keystrokes held while a shell starts', () => {
  it('cost the same per frame however many are held (n and 4n one-byte frames)', () => {
    const n = 20_000;
    holdFrames(2000).input.dispose(); // warm up
    const small = holdFrames(n);
    const big = holdFrames(4 * n);
    small.input.dispose();
    big.input.dispose();
    // Linear: about 4x. Quadratic (as before): about 16x, seconds for the larger.
    expect(big.ms).toBeLessThan(8 * small.ms + 50);
  });

  it('go in once, in order, when the line editor is up; past 1 MiB the client is paused', async () => {
    const { input, shell } = holdFrames(10);
    expect(shell.typed()).toBe('');
    input.seen(Buffer.from('prompt \x1b[?2004h'));
    await new Promise((r) => setImmediate(r));
    expect(shell.typed()).toBe('x'.repeat(10));
    input.dispose();

    const held = holdFrames(0);
    const kib = Buffer.alloc(1024, 0x61);
    for (let i = 0; i < 1024; i++) held.input.write(held.ws, kib);
    expect(held.ws.pauses).toBe(0); // exactly 1 MiB: still reading
    held.input.write(held.ws, kib);
    expect(held.ws.pauses).toBe(1);
    held.input.dispose();
  });

  it('stay bounded across a resize: past 1 MiB the client stays paused until the shell is up', async () => {
    // A resize pauses the client and resumes it once the TTY has its size; while the shell starts
    // that resume must not undo the pause of a hold already past 1 MiB, or input and resizes in
    // turn would hold all a client sends in those 3 s.
    const held = holdFrames(0);
    const kib = Buffer.alloc(1024, 0x61);
    for (let i = 0; i < 1025; i++) held.input.write(held.ws, kib);
    expect(held.ws.isPaused).toBe(true);
    held.input.resize(held.ws, { cols: 100, rows: 30 }, { client: () => true, live: () => true });
    await new Promise((r) => setImmediate(r));
    expect(held.ws.isPaused).toBe(true);
    // Once the shell is up the hold goes in and the client is read again.
    held.input.seen(Buffer.from('\x1b[?2004h'));
    await new Promise((r) => setImmediate(r));
    expect(held.shell.typed()).toHaveLength(1025 * 1024);
    expect(held.ws.isPaused).toBe(false);
    held.input.dispose();
  });

  it('past 1 MiB, are read again once the shell has taken the hold, however slowly its stdin drains', async () => {
    // The hold goes in at once when the shell is up; a stdin that has not taken it yet must resume
    // the client when it drains, not leave it paused for good (a terminal that takes no keys).
    const stream = new PassThrough({ highWaterMark: 16 * 1024 });
    const shell = { stream, resize: async () => {} } as unknown as Shell;
    const input = new ShellInput({ shell, screen });
    const ws = fakeSocket();
    const kib = Buffer.alloc(1024, 0x61);
    for (let i = 0; i < 1100; i++) input.write(ws, kib);
    expect(ws.isPaused).toBe(true);
    input.seen(Buffer.from('\x1b[?2004h'));
    expect(ws.isPaused).toBe(true); // the shell has not read it yet
    let read = 0;
    stream.on('data', (d: Buffer) => (read += d.length));
    await new Promise((r) => setTimeout(r, 50));
    expect(read).toBe(1100 * 1024);
    expect(ws.isPaused).toBe(false);
    input.dispose();
  });
});
