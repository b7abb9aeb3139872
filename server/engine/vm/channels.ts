// The two channels between this process and a running VM that nothing in the guest's labs can
// reach or forge: QEMU's monitor (QMP, on a unix socket in the VM's 0700 run directory) and the
// guest's heartbeat (a service in the guest writing to a virtio-serial port of its own, which QEMU
// hands to a unix socket in the same directory; containers have no such device). The watchdog in
// engine.ts decides on these and on the Docker API, never on the serial console.
import { createConnection, type Socket } from 'node:net';
import { sleep } from '../host.js';

/** Connects to a unix socket QEMU is about to create (retries until `timeoutMs`). */
async function connectUnix(path: string, timeoutMs: number): Promise<Socket> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await new Promise<Socket>((resolve, reject) => {
        const socket = createConnection(path);
        socket.once('connect', () => {
          socket.off('error', reject);
          resolve(socket);
        });
        socket.once('error', reject);
      });
    } catch (e) {
      if (Date.now() >= deadline) throw e;
      await sleep(50);
    }
  }
}

/** Splits a stream into lines, for both channels. */
function onLines(socket: Socket, handle: (line: string) => void): void {
  let pending = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    const parts = (pending + chunk).split('\n');
    pending = parts.pop() ?? '';
    // A guest (or QEMU) that floods the channel without newlines cannot grow this without bound.
    if (pending.length > 65536) pending = '';
    for (const line of parts) if (line.trim()) handle(line.trim());
  });
}

/** A QMP client: `query-status` and the like, each with a timeout; late answers are dropped. */
export class Qmp {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private closed = false;

  private constructor(private readonly socket: Socket) {
    onLines(socket, (line) => this.receive(line));
    socket.on('error', () => {});
    socket.on('close', () => {
      this.closed = true;
      for (const w of this.waiting.values()) w.reject(new Error('QMP connection closed'));
      this.waiting.clear();
    });
  }

  /** Connects, reads the greeting and leaves capabilities negotiation mode. */
  static async connect(props: { path: string; timeoutMs: number }): Promise<Qmp> {
    const qmp = new Qmp(await connectUnix(props.path, props.timeoutMs));
    await qmp.execute('qmp_capabilities', {}, props.timeoutMs);
    return qmp;
  }

  /** Runs one command; rejects on an error answer, a timeout or a closed connection. */
  execute(command: string, args: Record<string, unknown> = {}, timeoutMs = 5000): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('QMP connection closed'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`QMP ${command} did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.socket.write(`${JSON.stringify({ execute: command, arguments: args, id })}\n`);
    });
  }

  /** QEMU's run state: `running` for a live guest; `paused`, `internal-error`, `guest-panicked`... otherwise. */
  async status(timeoutMs: number): Promise<string> {
    const answer = (await this.execute('query-status', {}, timeoutMs)) as { status?: unknown };
    return typeof answer?.status === 'string' ? answer.status : 'unknown';
  }

  close(): void {
    this.closed = true;
    this.socket.destroy();
  }

  private receive(line: string): void {
    let msg: { id?: unknown; return?: unknown; error?: { desc?: string } };
    try {
      msg = JSON.parse(line) as typeof msg;
    } catch {
      return;
    }
    if (typeof msg.id !== 'number') return; // the greeting, events
    const w = this.waiting.get(msg.id);
    if (!w) return;
    this.waiting.delete(msg.id);
    if (msg.error) w.reject(new Error(`QMP: ${msg.error.desc ?? 'error'}`));
    else w.resolve(msg.return);
  }
}

/**
 * The guest's heartbeat: `opslab-heartbeat SEQ UPTIME [MARK...]` every 2 s from
 * images/vm/guest/opslab-heartbeat, with marks for what the guest has finished (`modules`: the lab
 * kernel modules are loaded; `tls`: dockerd has its per-boot certificate; `notls`: it has none).
 */
export class Heartbeat {
  /** Date.now() of the last beat (of the connection, before any). */
  lastAt: number;
  beats = 0;
  readonly marks = new Set<string>();
  private constructor(private readonly socket: Socket) {
    this.lastAt = Date.now();
    socket.on('error', () => {});
    onLines(socket, (line) => {
      const m = /^opslab-heartbeat (\d+) (\d+(?:\.\d+)?)((?: [a-z]+)*)$/.exec(line);
      if (!m) return;
      this.beats++;
      this.lastAt = Date.now();
      for (const mark of m[3]!.split(' ').filter(Boolean)) this.marks.add(mark);
    });
  }

  static async connect(props: { path: string; timeoutMs: number }): Promise<Heartbeat> {
    return new Heartbeat(await connectUnix(props.path, props.timeoutMs));
  }

  /** Milliseconds since the last beat. */
  age(): number {
    return Date.now() - this.lastAt;
  }

  close(): void {
    this.socket.destroy();
  }
}
