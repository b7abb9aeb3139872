// `opslab vm console`'s terminal session (server/cli/vm-console.ts) on a FAKE engine console and
// in-memory streams standing in for a terminal: raw mode on and off again, keys to the guest,
// output to the screen, the window size, the escape. A real guest's console has its own test
// (vm-console.test.ts under test/engine).
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { EscapeReader, runConsoleSession } from '../../server/cli/vm-console.js';
import { fakeEngineConsole } from '../helpers/fake-console.js';

/** A terminal: stdin that records raw mode, stdout that collects what was written, of a size. */
function fakeTerminal(size = { columns: 100, rows: 30 }) {
  const modes: boolean[] = [];
  const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: (on: boolean) => modes.push(on) });
  const stdout = Object.assign(new PassThrough(), { isTTY: true, ...size });
  let screen = '';
  stdout.on('data', (d: Buffer) => (screen += d.toString('utf8')));
  return { stdin, stdout, modes, screen: () => screen };
}

const tick = () => new Promise((r) => setTimeout(r, 10));

describe('the escape (Ctrl-] then q)', () => {
  it('passes keys through, leaves on Ctrl-] q or Ctrl-] ., and sends Ctrl-] itself when doubled', () => {
    const keys = new EscapeReader();
    expect(keys.feed(Buffer.from('ping\r'))).toEqual({ forward: Buffer.from('ping\r') });
    expect(keys.feed(Buffer.from('a\x1d\x1db'))).toEqual({ forward: Buffer.from('a\x1db') });
    expect(keys.feed(Buffer.from('\x1dx'))).toEqual({ forward: Buffer.from('\x1dx') });
    expect(keys.feed(Buffer.from('\x1d?'))).toEqual({ forward: Buffer.alloc(0), action: 'help' });
    expect(keys.feed(Buffer.from('ls\x1dq and the rest'))).toEqual({ forward: Buffer.from('ls'), action: 'leave' });
    // Split across reads, as a slow terminal may send it.
    const split = new EscapeReader();
    expect(split.feed(Buffer.from('\x1d'))).toEqual({ forward: Buffer.alloc(0) });
    expect(split.feed(Buffer.from('.'))).toEqual({ forward: Buffer.alloc(0), action: 'leave' });
  });
});

describe('the console session', () => {
  it('puts the terminal in raw mode, joins keys and screen to the console, follows the window size, and restores all on leaving', async () => {
    const fake = fakeEngineConsole({ backlog: 'boot line\r\n' });
    const term = fakeTerminal();
    const session = runConsoleSession({ console: fake.console, streams: term, backlog: 10 });
    expect(term.modes).toEqual([true]);
    expect(fake.sizes).toEqual([[100, 30]]);
    expect(term.screen()).toContain('boot line');
    term.stdin.write('ping\r\x03');
    await tick();
    expect(fake.typed()).toBe('ping\r\x03'); // Ctrl-C too: a key for the guest
    fake.emit('opslab-vm: pong\r\n');
    await tick();
    expect(term.screen()).toContain('opslab-vm: pong');
    Object.assign(term.stdout, { columns: 132, rows: 43 });
    process.emit('SIGWINCH');
    expect(fake.sizes).toEqual([[100, 30], [132, 43]]);
    term.stdin.write('\x1dq');
    expect(await session).toBe(0);
    expect(term.modes).toEqual([true, false]);
    expect(fake.watchers()).toBe(0);
    expect(term.screen()).toContain('[left the console]');
    process.emit('SIGWINCH');
    expect(fake.sizes).toHaveLength(2); // no listener left behind
  });

  it('ends with 1 and a usable terminal when the VM exits', async () => {
    const fake = fakeEngineConsole();
    const term = fakeTerminal();
    const session = runConsoleSession({ console: fake.console, streams: term });
    fake.exit({ code: null, signal: 'SIGKILL' });
    expect(await session).toBe(1);
    expect(term.modes).toEqual([true, false]);
    expect(term.screen()).toContain('[the VM exited (SIGKILL)]');
  });

  it('leaves a terminal alone when QEMU is already gone', async () => {
    const fake = fakeEngineConsole();
    fake.exit();
    const term = fakeTerminal();
    expect(await runConsoleSession({ console: fake.console, streams: term })).toBe(1);
    expect(term.modes).toEqual([]);
  });
});
