// The vm engine's serial console without QEMU: the node-pty wrapper QEMU runs on (pty.ts) and the
// console handle over it (console.ts), against bash on a real pseudo-terminal. What QEMU relies on:
// a real terminal whose line discipline the program sets (raw mode: no echo, Ctrl-C a byte), the
// window size reaching the program, the exit code or signal, kill. test/engine/vm-console.test.ts
// does the same through a booted guest.
import { afterEach, describe, expect, it } from 'vitest';
import { type ConsoleWatcher, SerialConsole } from '../../server/engine/vm/console.js';
import { type PtyProcess, spawnOnPty } from '../../server/engine/vm/pty.js';

const started: PtyProcess[] = [];
afterEach(async () => {
  for (const p of started.splice(0)) {
    p.kill('SIGKILL');
    await p.exited;
  }
});

/** bash -c `script` on a terminal, with everything it printed collected. */
function bash(script: string, size?: { cols: number; rows: number }) {
  const proc = spawnOnPty({ file: 'bash', args: ['--norc', '--noprofile', '-c', script], env: { PATH: process.env.PATH, HOME: process.env.HOME }, size });
  started.push(proc);
  let output = '';
  proc.onData((d) => (output += d.toString('utf8')));
  return { proc, output: () => output, waitFor: (text: string) => waitFor(() => output, text) };
}

async function waitFor(read: () => string, text: string, ms = 10_000): Promise<string> {
  const deadline = Date.now() + ms;
  while (!read().includes(text)) {
    if (Date.now() > deadline) throw new Error(`waited ${ms} ms for ${JSON.stringify(text)}; got ${JSON.stringify(read())}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return read();
}

describe('a process on a pseudo-terminal (pty.ts)', () => {
  it('runs on a real terminal of the size asked for', async () => {
    const { proc, output } = bash('[ -t 0 ] && [ -t 1 ] && echo "is-a-tty"; stty size', { cols: 91, rows: 27 });
    expect(await proc.exited).toEqual({ code: 0, signal: null });
    expect(output()).toContain('is-a-tty');
    expect(output()).toContain('27 91');
  });

  it('echoes input while the program leaves the terminal cooked, and not once it sets raw mode', async () => {
    const cooked = bash('echo ready; IFS= read -r line; printf "got[%s]\\n" "$line"');
    await cooked.waitFor('ready');
    cooked.proc.write('abc\r');
    // The line discipline echoes the keys and turns Enter (\r) into the newline read waits for.
    expect(await cooked.waitFor('got[abc]')).toMatch(/ready\r\nabc\r\ngot\[abc\]/);

    const raw = bash('stty raw -echo; echo ready; od -An -N3 -tx1; echo done');
    await raw.waitFor('ready');
    raw.proc.write('a\rb');
    const out = await raw.waitFor('done');
    // No echo, and \r is a byte like any other (no newline made of it): what QEMU needs for the guest to get every key.
    expect(out.slice(out.indexOf('ready') + 5)).not.toMatch(/a|b/);
    expect(out).toMatch(/ready\r?\n\s*61 0d 62/);
    expect(await raw.proc.exited).toEqual({ code: 0, signal: null });
  });

  it('delivers Ctrl-C as SIGINT on a cooked terminal and as a byte on a raw one (why QEMU runs with signal=off)', async () => {
    const cooked = bash('echo ready; exec sleep 30');
    await cooked.waitFor('ready');
    cooked.proc.write('\x03');
    expect(await cooked.proc.exited).toEqual({ code: null, signal: 'SIGINT' });

    const raw = bash('stty raw -echo; echo ready; od -An -N1 -tx1; echo done');
    await raw.waitFor('ready');
    raw.proc.write('\x03');
    expect(await raw.waitFor('done')).toMatch(/ready\r?\n\s*03\s/);
    expect(await raw.proc.exited).toEqual({ code: 0, signal: null });
  });

  it('passes a resize to the program (SIGWINCH, stty size)', async () => {
    const { proc, waitFor } = bash('trap "stty size" WINCH; echo ready; while :; do sleep 0.05; done', { cols: 80, rows: 24 });
    await waitFor('ready');
    proc.resize(132, 43);
    expect(await waitFor('43 132')).toBeTruthy();
    proc.resize(100, 30);
    expect(await waitFor('30 100')).toBeTruthy();
  });

  it('reports the exit code after the last output', async () => {
    const { proc, output } = bash('printf "last words"; exit 7');
    expect(await proc.exited).toEqual({ code: 7, signal: null });
    expect(output()).toContain('last words');
  });

  it('kills the process with a signal, and neither kills nor writes once it has exited', async () => {
    const { proc, waitFor } = bash('echo ready; exec sleep 30');
    await waitFor('ready');
    expect(proc.kill('SIGTERM')).toBe(true);
    expect(await proc.exited).toEqual({ code: null, signal: 'SIGTERM' });
    expect(proc.kill('SIGKILL')).toBe(false);
    expect(() => proc.write('too late\r')).not.toThrow();
    expect(() => proc.resize(10, 10)).not.toThrow();
  });
});

describe('the serial console handle (console.ts)', () => {
  /** A watcher that records what it got. */
  function watcher(backlog?: number) {
    const got = { data: '', exits: [] as unknown[] };
    const w: ConsoleWatcher = { onData: (d) => (got.data += d.toString('utf8')), onExit: (e) => got.exits.push(e), backlog };
    return { w, got };
  }

  it('sends output to every watcher, takes input from any, and stops at detach', async () => {
    const { proc } = bash('stty -echo; echo "console up"; while IFS= read -r line; do echo "heard[$line]"; done; exit 3');
    const serial = new SerialConsole(proc);
    const a = watcher();
    const b = watcher();
    const one = serial.attachConsole(a.w);
    const two = serial.attachConsole(b.w);
    await waitFor(() => b.got.data, 'console up');
    one.write('from-a\r');
    await waitFor(() => b.got.data, 'heard[from-a]');
    two.write('from-b\r');
    await waitFor(() => a.got.data, 'heard[from-b]');
    two.detach();
    two.write('after-detach\r'); // a detached handle writes nothing
    one.write('still-a\r');
    await waitFor(() => a.got.data, 'heard[still-a]');
    expect(a.got.data).not.toContain('after-detach');
    expect(b.got.data).not.toContain('still-a');
    // The tail for error messages is fed all along, without the terminal's \r.
    expect(serial.tail.text()).toContain('heard[from-a]\nheard[from-b]\nheard[still-a]');
    one.write('\x04'); // end of input: the loop ends, bash exits 3
    await proc.exited;
    expect(a.got.exits).toEqual([{ code: 3, signal: null }]);
    expect(b.got.exits).toEqual([]);
  });

  it('starts a watcher with the last lines when asked, and reports a console whose process is gone at once', async () => {
    const { proc } = bash('for i in 1 2 3 4 5; do echo "line $i"; done; exec sleep 30');
    const serial = new SerialConsole(proc);
    await waitFor(() => serial.tail.text(), 'line 5');
    const late = watcher(2);
    serial.attachConsole(late.w).detach();
    expect(late.got.data).toBe('line 4\r\nline 5\r\n');
    proc.kill('SIGKILL');
    await proc.exited;
    const after = watcher();
    const handle = serial.attachConsole(after.w);
    expect(after.got.exits).toEqual([{ code: null, signal: 'SIGKILL' }]);
    expect(() => handle.write('nobody\r')).not.toThrow();
  });
});
