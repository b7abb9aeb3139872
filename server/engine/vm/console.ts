// The vm engine's serial console (the guest's ttyS0, QEMU's stdio on a pseudo-terminal, pty.ts):
// the last lines kept for error messages, and a handle for people who watch it and type on it
// (`opslab vm console`, the admin console route). Several may watch at once: output goes to all,
// input comes from any. Nothing in the platform decides on what the console says (the kernel
// prints names learners choose); liveness comes from QMP and the heartbeat (engine.ts).
import type { PtyExit, PtyProcess } from './pty.js';

export interface ConsoleWatcher {
  /** Console output, as the guest (and QEMU) wrote it. */
  onData(data: Buffer): void;
  /** QEMU exited: nothing more comes. Called at once for a console whose QEMU is gone. */
  onExit(exit: PtyExit): void;
  /** Start with this many of the console's last lines (its recent past; default none). */
  backlog?: number;
}

export interface ConsoleAttachment {
  /** Bytes for the guest's serial console (input from any watcher goes to the one console). */
  write(data: string | Uint8Array): void;
  /** The console terminal's size (one terminal: the last resize wins). A serial line carries no size to the guest. */
  resize(cols: number, rows: number): void;
  /** Stop watching; the console and the VM go on. */
  detach(): void;
}

/** What the vm engine offers people who want its serial console. */
export interface EngineConsole {
  /** Watch the console and type on it; `watcher`'s callbacks may run before this returns (backlog, exit). */
  attachConsole(watcher: ConsoleWatcher): ConsoleAttachment;
}

/**
 * Keeps the last lines of the serial console (kernel messages, guest init, dockerd errors) for
 * people to read. Nothing decides on them: the kernel prints what learners choose (an OOM report
 * names their process, whatever they called it), so liveness comes from QMP and the heartbeat.
 */
export class ConsoleTail {
  private lines: string[] = [];
  private pending = '';
  constructor(
    private readonly max = 200,
    private readonly onLine?: (line: string) => void,
  ) {}

  push(chunk: Buffer | string): void {
    // A terminal ends lines with \r\n, and its own output processing may add a \r more.
    const parts = (this.pending + chunk.toString()).split(/\r*\n/);
    this.pending = (parts.pop() ?? '').slice(-8192); // a line without end cannot grow without bound
    for (const line of parts) this.add(line);
  }

  text(n = 40): string {
    const all = this.pending ? [...this.lines, this.pending] : this.lines;
    return all.slice(-n).join('\n');
  }

  includes(needle: string): boolean {
    return this.lines.some((l) => l.includes(needle)) || this.pending.includes(needle);
  }

  private add(line: string): void {
    const clean = line.replace(/\x1b\[[0-9;]*m/g, '').replace(/\r/g, '');
    if (!clean.trim()) return;
    this.lines.push(clean);
    if (this.lines.length > this.max) this.lines.splice(0, this.lines.length - this.max);
    this.onLine?.(clean);
  }
}

/** The serial console of one QEMU: its tail, and every watcher attached to it. */
export class SerialConsole implements EngineConsole {
  readonly tail: ConsoleTail;
  private readonly watchers = new Set<ConsoleWatcher>();
  private exit: PtyExit | undefined;

  constructor(
    private readonly proc: PtyProcess,
    opts: { onLine?: (line: string) => void } = {},
  ) {
    this.tail = new ConsoleTail(200, opts.onLine);
    proc.onData((data) => {
      this.tail.push(data);
      for (const w of [...this.watchers]) guarded(() => w.onData(data));
    });
    void proc.exited.then((exit) => {
      this.exit = exit;
      const watchers = [...this.watchers];
      this.watchers.clear();
      for (const w of watchers) guarded(() => w.onExit(exit));
    });
  }

  attachConsole(watcher: ConsoleWatcher): ConsoleAttachment {
    const backlog = watcher.backlog ? this.tail.text(watcher.backlog) : '';
    if (backlog) guarded(() => watcher.onData(Buffer.from(`${backlog.replaceAll('\n', '\r\n')}\r\n`)));
    if (this.exit) {
      guarded(() => watcher.onExit(this.exit!));
      return { write() {}, resize() {}, detach() {} };
    }
    this.watchers.add(watcher);
    const attached = () => this.watchers.has(watcher);
    return {
      write: (data) => attached() && this.proc.write(data),
      resize: (cols, rows) => attached() && this.proc.resize(cols, rows),
      detach: () => this.watchers.delete(watcher),
    };
  }
}

/** A watcher's failure is its own: the console and the other watchers go on. */
function guarded(fn: () => void): void {
  try {
    fn();
  } catch {
    // ignored on purpose
  }
}
