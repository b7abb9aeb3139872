// One terminal session: a shell in a lab host, its headless screen, and at most one live client.
// Output goes to the screen and, flow-controlled, to the client; a reconnecting client gets a
// SNAPSHOT first. The session outlives its sockets until the shell exits, it idles out, or it is ended.
import type { WebSocket } from 'ws';
import { FlowGate, WATERMARKS } from './flow.js';
import { ShellInput } from './input.js';
import { CLOSE, decodeClientFrame, exitFrame, outputFrame, pongFrame, snapshotFrame } from './protocol.js';
import type { Screen } from './screen.js';
import type { Shell } from './shell.js';
import { closeSocket, toBuffer } from './socket.js';

export interface SessionProps {
  shell: Shell;
  screen: Screen;
  /** End the session after this long without a client. */
  idleMs: number;
  /** The learner typed something (keeps the lab from being reaped). */
  onActivity: () => void;
  onEnd: (session: TerminalSession) => void;
}

export interface EndProps {
  code: number;
  reason?: string;
  error?: { code: string; message: string };
  /** Hang the shell up (not needed when its container is going away). */
  hangup: boolean;
}

export class TerminalSession {
  private client?: WebSocket;
  private live = false;
  private attachedBefore = false;
  private ended = false;
  private exiting = false;
  private idleTimer?: NodeJS.Timeout;
  private unlisten?: () => void;
  private readonly gate: FlowGate;
  private readonly input: ShellInput;
  private readonly afterSend = () => this.gate.update();

  constructor(private readonly props: SessionProps) {
    const { shell, screen } = props;
    this.gate = new FlowGate({
      socketBuffered: () => (this.live && this.client ? this.client.bufferedAmount : 0),
      screenPending: () => screen.pending,
      pause: () => shell.stream.pause(),
      resume: () => shell.stream.resume(),
    });
    this.input = new ShellInput({ shell, screen });
    screen.onParsed(this.afterSend);
    shell.stream.on('data', (chunk: Buffer) => this.output(chunk));
    shell.stream.once('end', () => void this.shellEnded());
    shell.stream.once('close', () => void this.shellEnded());
    shell.stream.on('error', () => void this.shellEnded());
    this.startIdle();
  }

  get hasClient(): boolean {
    return this.client !== undefined;
  }

  /** Make `ws` the live client; a previous one is closed with 4000. */
  async attach(ws: WebSocket): Promise<void> {
    if (this.ended) return closeSocket({ ws, code: CLOSE.GONE, reason: 'the session ended' });
    const prev = this.client;
    if (prev) {
      this.detach();
      closeSocket({ ws: prev, code: CLOSE.REPLACED, reason: 'replaced by a newer connection' });
    }
    clearTimeout(this.idleTimer);
    this.client = ws;
    const onMessage = (data: Buffer | ArrayBuffer | Buffer[], binary: boolean) => this.handle(ws, toBuffer(data), binary);
    const onClose = () => {
      if (this.client !== ws) return;
      this.detach();
      this.startIdle();
    };
    ws.on('message', onMessage);
    ws.on('close', onClose);
    this.unlisten = () => {
      ws.off('message', onMessage);
      ws.off('close', onClose);
    };
    if (ws.readyState !== ws.OPEN) return onClose();

    if (this.attachedBefore) {
      this.gate.setHeld(true); // nothing new is read until the snapshot is out
      const text = await this.props.screen.snapshot();
      if (this.client !== ws || this.ended) return;
      ws.send(snapshotFrame(text));
    }
    this.attachedBefore = true;
    this.live = true;
    this.gate.setHeld(false);
    ws.resume();
  }

  /** End the session: close the client with `code`, stop the stream, optionally hang the shell up. */
  async end(props: EndProps): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.idleTimer);
    const ws = this.client;
    this.detach();
    if (ws) closeSocket({ ws, ...props });
    this.props.shell.stream.destroy();
    this.props.screen.dispose();
    this.input.dispose();
    this.props.onEnd(this);
    if (props.hangup) await this.props.shell.hangup();
  }

  /**
   * The client first (a keystroke's echo waits on nothing else), then the screen. A send asks to be
   * told when it is written only if it may leave the socket's buffer past half the low-water mark:
   * the gate waits on that buffer only above the mark, so the last send before such a wait always
   * has a callback, and it is what resumes the output. Small sends to a socket that keeps up (an
   * echo) need no callback.
   */
  private output(chunk: Buffer): void {
    const ws = this.live ? this.client : undefined;
    if (ws) {
      const mayBackUp = ws.bufferedAmount + chunk.length >= WATERMARKS.socket.low / 2;
      ws.send(outputFrame(chunk), { binary: true }, mayBackUp ? this.afterSend : undefined);
    }
    this.props.screen.write(chunk);
    this.input.seen(chunk);
    if (ws) this.gate.sent(chunk.length);
    else this.gate.update();
  }

  private handle(ws: WebSocket, data: Buffer, binary: boolean): void {
    if (this.client !== ws) return;
    const f = decodeClientFrame({ data, binary });
    switch (f.type) {
      case 'input':
        this.props.onActivity();
        this.input.write(ws, asBuffer(f.data));
        break;
      case 'resize':
        this.input.resize(ws, f, { client: () => this.client === ws && !this.ended, live: () => this.live });
        break;
      case 'pause':
      case 'resume':
        this.gate.setClientPaused(f.type === 'pause');
        break;
      case 'ping':
        ws.send(pongFrame(f.data));
        break;
      case 'ack':
        this.gate.acked(f.bytes);
        break;
      case 'invalid':
        this.detach();
        this.startIdle();
        closeSocket({ ws, code: CLOSE.PROTOCOL, reason: f.reason, error: { code: 'BAD_REQUEST', message: f.reason } });
        break;
    }
  }

  private async shellEnded(): Promise<void> {
    if (this.ended || this.exiting) return;
    this.exiting = true;
    const ws = this.client;
    const code = await this.props.shell.exitCode();
    if (ws && this.client === ws) ws.send(exitFrame(code));
    await this.end({ code: CLOSE.EXITED, reason: 'the shell exited', hangup: false });
  }

  private detach(): void {
    this.unlisten?.();
    this.unlisten = undefined;
    this.client = undefined;
    this.live = false;
    this.input.reset();
    this.gate.setHeld(false);
    this.gate.reset();
  }

  private startIdle(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => void this.end({ code: CLOSE.GOING_AWAY, hangup: true }), this.props.idleMs);
    this.idleTimer.unref();
  }
}

/** A Buffer over the same bytes (no copy): the decoder gives views of the frame it was handed. */
const asBuffer = (bytes: Uint8Array): Buffer => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
