// The browser side of the vm engine's serial console (admins; GET /api/admin/engine/console), an
// xterm.js addon shaped like TerminalClient and speaking the same frames (protocol.ts): it owns one
// websocket, opened with a one-time ticket, input, resize and ping. It does not reconnect (another
// socket needs another ticket: the page asks for one) and sends no ACKs (the server has no flow
// control on a serial console). Everything it registers lives in one list.
import { t } from '../lib/i18n.js';
import type { IDisposable, ITerminalAddon, Terminal } from '@xterm/xterm';
import { CLOSE, decodeServerFrame, inputFrames, pingFrame, resizeFrame } from './protocol.js';

export type ConsoleStatus = { state: 'connecting' } | { state: 'open' } | { state: 'ended'; reason: string };

export interface ConsoleClientOptions {
  /** The websocket URL for the terminal's size at connect time (it carries the ticket). */
  url: (size: { cols: number; rows: number }) => string;
  onStatus?: (status: ConsoleStatus) => void;
  pingMs?: number;
}

const note = (text: string) => `\r\n\x1b[2;33m[${text}]\x1b[0m\r\n`;

export class ConsoleClient implements ITerminalAddon {
  private term?: Terminal;
  private socket?: WebSocket;
  private readonly disposables: IDisposable[] = [];
  private ended = false;
  /** Said by the server before it closed (EXIT or ERROR frame): the close adds nothing. */
  private said?: string;

  constructor(private readonly opts: ConsoleClientOptions) {}

  activate(term: Terminal): void {
    this.term = term;
    const d = this.disposables;
    d.push(term.onData((data) => this.send(...inputFrames(data))));
    d.push(term.onBinary((data) => this.send(...inputFrames(Uint8Array.from(data, (c) => c.charCodeAt(0) & 0xff)))));
    d.push(term.onResize((size) => this.send(resizeFrame(size))));
    const ping = setInterval(() => this.send(pingFrame(Date.now())), this.opts.pingMs ?? 15_000);
    d.push({ dispose: () => clearInterval(ping) });
    this.connect();
  }

  dispose(): void {
    this.ended = true;
    this.socket?.close(1000, 'closed by the page');
    this.socket = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.term = undefined;
  }

  private connect(): void {
    const term = this.term!;
    this.opts.onStatus?.({ state: 'connecting' });
    const ws = new WebSocket(this.opts.url({ cols: term.cols, rows: term.rows }));
    ws.binaryType = 'arraybuffer';
    this.socket = ws;
    ws.onopen = () => {
      if (this.socket !== ws) return;
      this.send(resizeFrame({ cols: term.cols, rows: term.rows }));
      this.opts.onStatus?.({ state: 'open' });
    };
    ws.onmessage = (ev) => {
      if (this.socket !== ws || !(ev.data instanceof ArrayBuffer)) return;
      const frame = decodeServerFrame(new Uint8Array(ev.data));
      if (frame.type === 'output') term.write(frame.data);
      else if (frame.type === 'exit') this.say(t('console.exitedCode', { code: frame.code }));
      else if (frame.type === 'error') this.say(`${frame.message} (${frame.error})`);
    };
    ws.onclose = (ev) => {
      if (this.socket !== ws) return;
      this.socket = undefined;
      const why =
        ev.code === CLOSE.EXITED ? t('console.exited')
        : ev.code === CLOSE.GOING_AWAY ? t('console.goingAway')
        : ev.code === CLOSE.ENGINE_DOWN ? t('console.noEngine')
        : t('console.refused', { code: `${ev.code}${ev.reason ? `: ${ev.reason}` : ''}` });
      if (!this.said) term.write(note(why));
      this.ended = true;
      this.opts.onStatus?.({ state: 'ended', reason: this.said ?? why });
    };
  }

  private say(text: string): void {
    this.said = text;
    this.term?.write(note(text));
  }

  private send(...frames: Uint8Array<ArrayBuffer>[]): void {
    if (this.ended || this.socket?.readyState !== WebSocket.OPEN) return;
    for (const f of frames) this.socket.send(f);
  }
}
