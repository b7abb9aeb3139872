// A process on a pseudo-terminal, through node-pty: the one file that imports it. QEMU runs on one
// so that the guest's serial console (QEMU's stdio) is a real terminal, as on a physical serial
// line: QEMU puts the terminal in raw mode itself, and every key a person presses (Ctrl-C, arrows)
// reaches the guest as bytes. The shape is the part of a child process the vm engine uses: pid,
// exit code or signal, kill; plus the terminal's output, input and size.
import { constants } from 'node:os';
import * as pty from 'node-pty';

export interface PtyExit {
  /** The exit code, or null when a signal ended the process. */
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface TerminalSize {
  cols: number;
  rows: number;
}

export interface PtyProcess {
  readonly pid: number;
  /** Resolves once the process has exited and the terminal's last output was read (never rejects). */
  readonly exited: Promise<PtyExit>;
  /** The terminal's output as it comes (bytes, as the program wrote them); returns the unsubscribe function. */
  onData(listener: (data: Buffer) => void): () => void;
  /** Bytes for the program to read; dropped once it has exited. */
  write(data: string | Uint8Array): void;
  /** The terminal's window size (the program gets SIGWINCH); ignored once it has exited. */
  resize(cols: number, rows: number): void;
  /** False when the process has already exited (its pid may belong to another process by then). */
  kill(signal?: NodeJS.Signals): boolean;
}

const SIGNAL_NAMES = new Map(Object.entries(constants.signals).map(([name, n]) => [n, name as NodeJS.Signals]));

/** `file` with `args` on a new terminal of `size` (default 80×24); throws when no terminal can be had. */
export function spawnOnPty(props: { file: string; args: string[]; env: NodeJS.ProcessEnv; cwd?: string; size?: TerminalSize }): PtyProcess {
  const size = props.size ?? { cols: 80, rows: 24 };
  // encoding null: output comes as bytes (a serial console is no UTF-8 stream), input goes as given.
  const term = pty.spawn(props.file, props.args, { name: 'xterm-256color', cols: size.cols, rows: size.rows, cwd: props.cwd, env: props.env, encoding: null });
  let done = false;
  // A read error other than the EIO of a closed terminal is thrown by node-pty unless someone else
  // listens: the process's exit still comes (waitpid), so it is not worth crashing the server.
  (term as unknown as { on(event: 'error', listener: () => void): void }).on('error', () => {});
  const listeners = new Set<(data: Buffer) => void>();
  term.onData((chunk) => {
    const data = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    for (const listener of listeners) listener(data);
  });
  // node-pty reports the exit after the terminal's last output was read (or 200 ms after, at most).
  const exited = new Promise<PtyExit>((resolve) =>
    term.onExit(({ exitCode, signal }) => {
      done = true;
      resolve(signal ? { code: null, signal: SIGNAL_NAMES.get(signal) ?? null } : { code: exitCode, signal: null });
    }),
  );
  return {
    pid: term.pid,
    exited,
    onData(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    write(data) {
      if (done) return;
      // node-pty's typings say string; its writer takes bytes as they are (Buffer.from(data)).
      term.write((typeof data === 'string' ? data : Buffer.from(data)) as string);
    },
    resize(cols, rows) {
      if (done) return;
      try {
        term.resize(Math.max(1, Math.trunc(cols) || 1), Math.max(1, Math.trunc(rows) || 1));
      } catch {
        // the terminal closed between the check and the call
      }
    },
    kill(signal = 'SIGTERM') {
      if (done) return false;
      try {
        process.kill(term.pid, signal);
        return true;
      } catch {
        return false;
      }
    },
  };
}
