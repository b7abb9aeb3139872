// The way in: keystrokes and resizes from the live client to the shell, in the order they came.
// Keystrokes are never held back by output flow control; only a shell that does not take its
// input (over 1 MiB queued), or a resize still under way, pauses reading the client's socket.
// Keystrokes typed while the shell is still starting are held until its line editor is up:
// before that the TTY is in cooked mode, and bash's start (readline taking the terminal, a ^C
// while .bashrc runs) can eat or split typeahead; a command typed at once was seen half-run.
import type { WebSocket } from 'ws';
import type { Size } from './protocol.js';
import type { Screen } from './screen.js';
import type { Shell } from './shell.js';

/** Keystrokes queued for the exec stream before we stop reading the client's socket. */
const INPUT_HIGH = 1024 * 1024;

/** bash 5.1+ (readline) turns bracketed paste on each time it starts reading a command line. */
const LINE_EDITOR_UP = '\x1b[?2004h';
/** A shell that never shows that (sh, a bash without readline) gets its input after this long. */
export const SHELL_START_GRACE_MS = 3000;

export class ShellInput {
  private resizing?: Promise<void>;
  private starting = true;
  private held: Buffer[] = [];
  /** Bytes held while the shell starts (kept as a count: adding up every held frame on each new one was quadratic). */
  private heldBytes = 0;
  private heldFor?: WebSocket;
  private readonly startTimer: NodeJS.Timeout;

  constructor(private readonly props: { shell: Shell; screen: Screen }) {
    this.startTimer = setTimeout(() => this.started(), SHELL_START_GRACE_MS);
    this.startTimer.unref();
  }

  /** Output of the shell: input held for its start goes in once its line editor is up. */
  seen(chunk: Buffer): void {
    if (this.starting && chunk.includes(LINE_EDITOR_UP)) this.started();
  }

  private started(): void {
    if (!this.starting) return;
    this.starting = false;
    clearTimeout(this.startTimer);
    const ws = this.heldFor;
    if (!this.resizing && ws) {
      this.heldFor = undefined;
      this.heldBytes = 0;
      for (const data of this.held.splice(0)) this.write(ws, data);
      // A client paused for its hold is read again once the shell's stdin has taken it.
      const { stream } = this.props.shell;
      if (ws.isPaused) {
        if (stream.writableLength <= INPUT_HIGH) ws.resume();
        else stream.once('drain', () => ws.resume());
      }
    }
  }

  write(ws: WebSocket, data: Buffer): void {
    if (this.starting) {
      this.heldFor = ws;
      this.held.push(data);
      this.heldBytes += data.length;
      // Bounded: past the input high-water mark, stop reading the client until the shell is up.
      if (this.heldBytes > INPUT_HIGH && !ws.isPaused) ws.pause();
      return;
    }
    if (this.resizing) return void this.held.push(data);
    const { stream } = this.props.shell;
    stream.write(data);
    if (stream.writableLength > INPUT_HIGH && !ws.isPaused) {
      ws.pause();
      stream.once('drain', () => ws.resume());
    }
  }

  /**
   * The TTY is resized by an engine request while keystrokes go down the stream: input after a
   * RESIZE is held (the socket paused, so the hold stays small) until the TTY has its new size.
   * `client()` says whether `ws` is still the client, `live()` whether to read its socket again.
   */
  resize(ws: WebSocket, size: Size, state: { client: () => boolean; live: () => boolean }): void {
    this.props.screen.resize(size);
    ws.pause();
    const done = (this.resizing ?? Promise.resolve()).then(() => this.props.shell.resize(size).catch(() => {}));
    this.resizing = done;
    void done.then(() => {
      if (this.resizing !== done) return;
      this.resizing = undefined;
      if (!state.client()) {
        this.heldBytes = 0;
        return void this.held.splice(0);
      }
      if (this.starting) {
        // Held input (before and after the resize, in order) goes in when the shell is up; a hold
        // past the high-water mark keeps the client paused until then (started()).
        if (state.live() && this.heldBytes <= INPUT_HIGH) ws.resume();
        return;
      }
      this.heldBytes = 0;
      const held = this.held.splice(0);
      for (const data of held) this.write(ws, data);
      if (state.live()) ws.resume();
    });
  }

  /** Forget held input (its client is gone). */
  reset(): void {
    this.resizing = undefined;
    this.held = [];
    this.heldBytes = 0;
    this.heldFor = undefined;
  }

  dispose(): void {
    clearTimeout(this.startTimer);
  }
}
