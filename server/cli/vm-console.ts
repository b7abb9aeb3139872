// The operator's terminal on the vm engine's serial console (`opslab vm console`, cli/vm.ts): raw
// mode, keys to the guest, the guest's output to the screen, the window size as it changes, and an
// escape to leave (Ctrl-] then q), after which the terminal is as it was.
import type { ConsoleAttachment, EngineConsole } from '../engine/vm/index.js';

/** Ctrl-]: the escape key (as telnet and virsh console have it). */
export const ESCAPE = 0x1d;

export const ESCAPE_HELP = 'Ctrl-] then q leaves (and stops the VM); Ctrl-] Ctrl-] sends a Ctrl-]; Ctrl-] ? shows this.';

/**
 * The escape in the operator's keys: after Ctrl-], `q` or `.` leaves, `?` asks for help, another
 * Ctrl-] is one Ctrl-] for the guest, and anything else goes to the guest with the Ctrl-] before it.
 */
export class EscapeReader {
  private armed = false;

  /** What of `chunk` goes to the guest, and what the operator asked for, if anything (what follows it is dropped). */
  feed(chunk: Uint8Array): { forward: Buffer; action?: 'leave' | 'help' } {
    const out: number[] = [];
    for (const byte of chunk) {
      if (!this.armed) {
        if (byte === ESCAPE) this.armed = true;
        else out.push(byte);
        continue;
      }
      this.armed = false;
      if (byte === 0x71 || byte === 0x2e) return { forward: Buffer.from(out), action: 'leave' }; // q .
      if (byte === 0x3f) return { forward: Buffer.from(out), action: 'help' }; // ?
      if (byte === ESCAPE) out.push(ESCAPE);
      else out.push(ESCAPE, byte);
    }
    return { forward: Buffer.from(out) };
  }
}

export interface ConsoleStreams {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (on: boolean) => unknown };
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number; rows?: number };
}

/**
 * Connects the operator's terminal to `console` until the operator leaves (0), a SIGINT or SIGTERM
 * from outside comes (0), or QEMU exits (1). A terminal stdin is put in raw mode (every key, Ctrl-C
 * too, goes to the guest) and restored on the way out, whichever way that is.
 */
export function runConsoleSession(props: { console: EngineConsole; streams: ConsoleStreams; backlog?: number }): Promise<number> {
  const { stdin, stdout } = props.streams;
  const say = (text: string) => stdout.write(`\r\n[${text}]\r\n`);
  return new Promise((resolve) => {
    const keys = new EscapeReader();
    const raw = Boolean(stdin.isTTY && stdin.setRawMode);
    let rawOn = false;
    const restore = () => {
      if (rawOn) stdin.setRawMode?.(false);
      rawOn = false;
    };
    let finished = false;
    let handle: ConsoleAttachment | undefined;
    const finish = (code: number, why: string) => {
      if (finished) return;
      finished = true;
      handle?.detach();
      stdin.off('data', onKeys);
      process.off('SIGWINCH', onResize);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.off('exit', restore);
      restore();
      stdin.pause();
      say(why);
      resolve(code);
    };
    const onKeys = (chunk: Buffer | string) => {
      const { forward, action } = keys.feed(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      if (forward.length) handle?.write(forward);
      if (action === 'help') say(ESCAPE_HELP);
      if (action === 'leave') finish(0, 'left the console');
    };
    const onResize = () => stdout.columns && stdout.rows && handle?.resize(stdout.columns, stdout.rows);
    const onSignal = () => finish(0, 'stopped by a signal');

    handle = props.console.attachConsole({
      backlog: props.backlog,
      onData: (data) => stdout.write(data),
      onExit: (exit) => finish(1, `the VM exited (${exit.code ?? exit.signal})`),
    });
    if (finished) return; // QEMU was gone already
    if (raw) {
      stdin.setRawMode?.(true);
      rawOn = true;
      process.once('exit', restore); // an unexpected end still leaves the terminal usable
    }
    stdin.on('data', onKeys);
    stdin.resume();
    if (stdout.isTTY) {
      onResize();
      process.on('SIGWINCH', onResize);
    }
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
