// Helpers for terminal tests and the bench: an app with labs + terminal listening on loopback, and
// a websocket client that speaks the terminal protocol (ACKing like xterm.js when asked to).
import type { FastifyInstance } from 'fastify';
import WebSocket from 'ws';
import { buildApp } from '../../server/http/app.js';
import type { LabManager } from '../../server/lab/manager.js';
import type { Curriculum } from '../../server/curriculum/index.js';
import { TerminalHub } from '../../server/terminal/hub.js';
import { freePort } from '../helpers/server.js';
import { ackFrame, frame, inputFrame, resizeFrame, S2C, type Size } from '../../server/terminal/protocol.js';

export const SECRET = 'terminal-test-secret-0123456789';

/** An app with the lab and terminal routes, listening on 127.0.0.1:random. Close it after use. */
export async function terminalApp(props: { labs: LabManager; curriculum: Curriculum; idleMs?: number }): Promise<{
  app: FastifyInstance;
  hub: TerminalHub;
  url: string;
}> {
  const hub = new TerminalHub({ labs: props.labs, idleMs: props.idleMs });
  // The port is chosen first: the app answers only for its own public address (Host and Origin checks).
  const port = await freePort();
  const app = await buildApp({
    curriculum: props.curriculum,
    secret: SECRET,
    // and for app.inject's default Host (localhost:80)
    publicUrls: [`http://127.0.0.1:${port}`, 'http://localhost'],
    labs: props.labs,
    terminal: { hub },
  });
  await app.listen({ port, host: '127.0.0.1' });
  return { app, hub, url: `ws://127.0.0.1:${port}` };
}

/** A learner cookie minted by the app (its first response sets one). */
export async function learnerCookie(app: FastifyInstance): Promise<string> {
  const res = await app.inject({ method: 'GET', url: '/api/labs' });
  const raw = res.headers['set-cookie'];
  const first = Array.isArray(raw) ? raw[0] : raw;
  if (!first) throw new Error('no cookie set');
  return first.split(';')[0]!;
}

export interface Closed {
  code: number;
  reason: string;
}

/** A terminal client: collects output as text, ACKs processed bytes unless `ack` is false. */
export class TermClient {
  readonly ws: WebSocket;
  output = '';
  outputBytes = 0;
  snapshot?: string;
  exit?: { code: number };
  error?: { error: string; message: string };
  pongs: Buffer[] = [];
  readonly closed: Promise<Closed>;
  readonly opened: Promise<void>;
  private readonly decoder = new TextDecoder();
  private waiters: (() => void)[] = [];
  private unacked = 0;
  private readonly textListeners = new Set<(text: string) => void>();

  constructor(props: { url: string; cookie?: string; ack?: boolean; keep?: number; size?: Size; origin?: string }) {
    const query = props.size ? `?cols=${props.size.cols}&rows=${props.size.rows}` : '';
    this.ws = new WebSocket(`${props.url}${query}`, { headers: props.cookie ? { cookie: props.cookie } : {}, ...(props.origin ? { origin: props.origin } : {}) });
    const keep = props.keep ?? 1_000_000;
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.on('error', reject);
    });
    this.opened.catch(() => {}); // a refused socket shows in `closed`
    this.closed = new Promise((resolve) => this.ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    this.ws.on('message', (data: Buffer) => {
      const payload = data.subarray(1);
      if (data[0] === S2C.OUTPUT) {
        const text = this.decoder.decode(payload, { stream: true });
        for (const fn of this.textListeners) fn(text);
        this.output += text;
        if (this.output.length > keep) this.output = this.output.slice(-keep);
        this.outputBytes += payload.length;
        if (props.ack !== false) this.ackLater(payload.length);
      } else if (data[0] === S2C.SNAPSHOT) this.snapshot = payload.toString('utf8');
      else if (data[0] === S2C.EXIT) this.exit = JSON.parse(payload.toString('utf8'));
      else if (data[0] === S2C.ERROR) this.error = JSON.parse(payload.toString('utf8'));
      else if (data[0] === S2C.PONG) this.pongs.push(Buffer.from(payload));
      for (const w of this.waiters) w();
    });
  }

  /** Each piece of output as it comes; returns a function that stops it. */
  onText(fn: (text: string) => void): () => void {
    this.textListeners.add(fn);
    return () => this.textListeners.delete(fn);
  }

  type(text: string): void {
    this.send(inputFrame(text));
  }

  resize(size: Size): void {
    this.send(resizeFrame(size));
  }

  /** Sends now, or once the socket opens. */
  send(data: Uint8Array | string, binary = true): void {
    if (this.ws.readyState === WebSocket.CONNECTING) this.ws.once('open', () => this.ws.send(data, { binary }));
    else this.ws.send(data, { binary });
  }

  ping(data: string): void {
    this.send(frame(0x04, data));
  }

  /** Resolves when `test` passes on the output (checked on each frame), rejects after `ms`. */
  waitFor(test: RegExp | string | (() => boolean), ms = 10_000): Promise<void> {
    const ok = () => (typeof test === 'function' ? test() : typeof test === 'string' ? this.output.includes(test) : test.test(this.output));
    if (ok()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== check);
        reject(new Error(`timed out waiting for ${String(test)}; output ends with ${JSON.stringify(this.output.slice(-300))}`));
      }, ms);
      const check = () => {
        if (!ok()) return;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== check);
        resolve();
      };
      this.waiters.push(check);
    });
  }

  close(): Promise<Closed> {
    this.ws.close();
    return this.closed;
  }

  /** ACK in batches, as the protocol asks (every 16 KiB, or on the next tick). */
  private ackLater(n: number): void {
    this.unacked += n;
    if (this.unacked >= 16 * 1024) {
      this.flushAck();
      return;
    }
    setImmediate(() => this.flushAck());
  }

  private flushAck(): void {
    if (this.unacked === 0 || this.ws.readyState !== WebSocket.OPEN) return;
    this.ws.send(ackFrame(this.unacked));
    this.unacked = 0;
  }
}
