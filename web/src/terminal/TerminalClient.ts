// The browser side of a lab terminal, shaped as an xterm.js addon: it owns the websocket and the
// binary protocol (docs/terminal-protocol.md), flow control (ACK after xterm's write callbacks,
// batched), resize, ping, and reconnect with backoff (a reconnect restores the screen from the
// server's SNAPSHOT after resetting the terminal). Everything it registers lives in one list.
import { t } from '../lib/i18n.js';
import type { IDisposable, ITerminalAddon, Terminal } from '@xterm/xterm';
import { AckBatcher } from './AckBatcher.js';
import { CLOSE, decodeServerFrame, inputFrames, pingFrame, resizeFrame, type ServerFrame } from './protocol.js';

export type TerminalStatus =
  | { state: 'connecting'; attempt: number }
  | { state: 'open' }
  | { state: 'retrying'; reason: string; inMs: number }
  | { state: 'ended'; reason: string; resumable: boolean };

export interface TerminalClientOptions {
  /** The websocket URL; a function gets the terminal's current size (the server starts the shell at it). */
  url: string | ((size: { cols: number; rows: number }) => string);
  onStatus?: (status: TerminalStatus) => void;
  /** The lab was destroyed or reset (close 4410): the page should refresh the lab. */
  onLabGone?: () => void;
  /** Changes what the learner typed before it is sent (the on-screen key row's sticky Ctrl: keys.ts). */
  transformInput?: (data: string) => string;
  pingMs?: number;
  ackBytes?: number;
  ackMs?: number;
}

// The notes the terminal prints about its connection are the app's words: in the learner's language.
const note = (text: string) => `\r\n\x1b[2;33m[${text}]\x1b[0m\r\n`;
const RESET = '\x1bc'; // RIS through the write queue, so it lands after anything already queued

export class TerminalClient implements ITerminalAddon {
  private term?: Terminal;
  private socket?: WebSocket;
  private readonly disposables: IDisposable[] = [];
  private gen = 0; // connection generation: events of older sockets are ignored
  private attempt = 0;
  private retryTimer?: ReturnType<typeof setTimeout>;
  private lastPong = 0;
  private firstFrame = true;
  private connectedBefore = false;
  private exitCode?: number;
  /** The server's ERROR frame on this connection, already shown: the close that follows adds no second note. */
  private serverError?: string;
  private ended?: { resumable: boolean };
  private queued: Uint8Array[] = [];
  private queuedBytes = 0;

  private readonly acks: AckBatcher;

  constructor(private readonly opts: TerminalClientOptions) {
    this.acks = new AckBatcher((f) => this.send(f), opts.ackBytes, opts.ackMs);
  }

  activate(term: Terminal): void {
    this.term = term;
    const d = this.disposables;
    d.push(term.onData((data) => this.input(this.opts.transformInput?.(data) ?? data)));
    d.push(term.onBinary((data) => this.input(Uint8Array.from(data, (c) => c.charCodeAt(0) & 0xff))));
    d.push(term.onResize((size) => this.send(resizeFrame(size))));
    const ping = setInterval(() => this.ping(), this.opts.pingMs ?? 15_000);
    d.push({ dispose: () => clearInterval(ping) });
    const wake = () => this.retrying() && this.connect();
    const onVisible = () => document.visibilityState === 'visible' && wake();
    window.addEventListener('online', wake);
    document.addEventListener('visibilitychange', onVisible);
    d.push({
      dispose: () => {
        window.removeEventListener('online', wake);
        document.removeEventListener('visibilitychange', onVisible);
      },
    });
    d.push({
      dispose: () => {
        clearTimeout(this.retryTimer);
        this.acks.reset();
      },
    });
    this.connect();
  }

  dispose(): void {
    this.gen++;
    this.socket?.close(1000, 'closed by the page');
    this.socket = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.term = undefined;
  }

  /** Connect now (also: take a terminal back after it was opened elsewhere, or start a new shell). */
  connect(): void {
    if (!this.term) return;
    clearTimeout(this.retryTimer);
    const gen = ++this.gen;
    this.socket?.close(1000);
    this.ended = undefined;
    this.exitCode = undefined;
    this.serverError = undefined;
    this.firstFrame = true;
    this.acks.reset();
    this.status({ state: 'connecting', attempt: this.attempt });
    const { url } = this.opts;
    const ws = new WebSocket(typeof url === 'string' ? url : url({ cols: this.term.cols, rows: this.term.rows }));
    ws.binaryType = 'arraybuffer';
    this.socket = ws;
    ws.onopen = () => {
      if (gen !== this.gen || !this.term) return;
      this.lastPong = Date.now();
      ws.send(resizeFrame({ cols: this.term.cols, rows: this.term.rows }));
      for (const f of this.queued.splice(0)) ws.send(f);
      this.queuedBytes = 0;
      this.status({ state: 'open' });
    };
    ws.onmessage = (ev) => {
      if (gen !== this.gen || !(ev.data instanceof ArrayBuffer)) return;
      this.lastPong = Date.now();
      this.handle(decodeServerFrame(new Uint8Array(ev.data)), gen);
    };
    ws.onclose = (ev) => gen === this.gen && this.closed(ev.code, ev.reason);
  }

  private handle(frame: ServerFrame, gen: number): void {
    const term = this.term!;
    const first = this.firstFrame;
    this.firstFrame = false;
    switch (frame.type) {
      case 'snapshot':
        term.write(RESET);
        term.write(frame.data);
        break;
      case 'output':
        if (first && this.connectedBefore) term.write(note(t('terminal.newShell')));
        term.write(frame.data, () => gen === this.gen && this.acks.processed(frame.data.length));
        break;
      case 'exit':
        this.exitCode = frame.code;
        break;
      case 'error':
        this.serverError = frame.message;
        term.write(note(`${frame.message} (${frame.error})`));
        break;
      default:
        break;
    }
    if (first) {
      this.attempt = 0;
      this.connectedBefore = true;
    }
  }

  private closed(code: number, reason: string): void {
    this.socket = undefined;
    const term = this.term;
    if (!term) return;
    if (code === CLOSE.EXITED && this.exitCode !== undefined) {
      this.end(t('terminal.exited', { code: this.exitCode }), true);
      return;
    }
    if (code === CLOSE.REPLACED) {
      this.end(t('terminal.replaced'), true);
      return;
    }
    if (code === CLOSE.GONE) {
      this.end(t('terminal.gone'), false);
      this.opts.onLabGone?.();
      return;
    }
    if (code === CLOSE.NO_IDENTITY || code === CLOSE.NOT_FOUND || code === CLOSE.PROTOCOL) {
      this.end(this.serverError ?? (code === CLOSE.NOT_FOUND ? t('terminal.notFound') : t('terminal.refused', { code: `${code}${reason ? `: ${reason}` : ''}` })), false);
      return;
    }
    const why = code === CLOSE.NOT_READY ? t('terminal.notReady') : code === CLOSE.ENGINE_DOWN ? t('terminal.engineDown') : t('terminal.lost');
    this.retry(why);
  }

  private retry(reason: string): void {
    const inMs = Math.round(Math.min(10_000, 500 * 2 ** this.attempt) * (0.8 + Math.random() * 0.4));
    this.attempt++;
    if (this.attempt === 1 || this.attempt % 4 === 0) this.term?.write(note(t('terminal.reconnecting', { reason })));
    this.status({ state: 'retrying', reason, inMs });
    this.retryTimer = setTimeout(() => this.connect(), inMs);
  }

  private end(reason: string, resumable: boolean): void {
    this.ended = { resumable };
    if (reason !== this.serverError) this.term?.write(note(reason));
    this.status({ state: 'ended', reason, resumable });
  }

  private retrying(): boolean {
    return !this.socket && !this.ended;
  }

  private input(data: string | Uint8Array): void {
    if (this.ended) {
      if (this.ended.resumable) this.connect();
      return;
    }
    const frames = inputFrames(data);
    if (this.socket?.readyState === WebSocket.OPEN) {
      for (const f of frames) this.socket.send(f);
      return;
    }
    // Keystrokes typed while (re)connecting are sent once the socket opens (at most 4 KiB of them).
    for (const f of frames) {
      if (this.queuedBytes + f.length > 4096) return;
      this.queued.push(f);
      this.queuedBytes += f.length;
    }
  }

  private ping(): void {
    const ws = this.socket;
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    const interval = this.opts.pingMs ?? 15_000;
    if (Date.now() - this.lastPong > 2 * interval + 5_000) {
      // Nothing heard for two rounds: treat the socket as dead without waiting for TCP to notice.
      this.gen++;
      this.socket = undefined;
      ws.close(4001, 'ping timeout');
      this.retry(t('terminal.noAnswer'));
      return;
    }
    ws.send(pingFrame(Date.now()));
  }

  private send(frame: Uint8Array<ArrayBuffer>): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(frame);
    return true;
  }

  private status(s: TerminalStatus): void {
    this.opts.onStatus?.(s);
  }
}
