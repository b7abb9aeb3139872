// The way in: keystrokes and resizes from the live client to the shell, in the order they came.
// Keystrokes are never held back by output flow control; only a shell that does not take its
// input (over 1 MiB queued), or a resize still under way, pauses reading the client's socket.
import type { WebSocket } from 'ws';
import type { Size } from './protocol.js';
import type { Screen } from './screen.js';
import type { Shell } from './shell.js';

/** Keystrokes queued for the exec stream before we stop reading the client's socket. */
const INPUT_HIGH = 1024 * 1024;

export class ShellInput {
  private resizing?: Promise<void>;
  private held: Buffer[] = [];

  constructor(private readonly props: { shell: Shell; screen: Screen }) {}

  write(ws: WebSocket, data: Buffer): void {
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
      const held = this.held.splice(0);
      if (!state.client()) return;
      for (const data of held) this.write(ws, data);
      if (state.live()) ws.resume();
    });
  }

  /** Forget held input (its client is gone). */
  reset(): void {
    this.resizing = undefined;
    this.held = [];
  }
}
