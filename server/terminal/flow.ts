// Flow control for one session's output (docs/terminal-protocol.md, "Flow control"): the exec
// stream is read only while every consumer keeps up. Watermarks with hysteresis, so the stream is
// not paused and resumed on every chunk. Input is never gated here.

export const WATERMARKS = {
  /** Output sent to the client and not ACKed. */
  unacked: { high: 512 * 1024, low: 128 * 1024 },
  /** The websocket's own send buffer (a client that does not read). */
  socket: { high: 1024 * 1024, low: 256 * 1024 },
  /** Output written to the headless terminal and not parsed yet. */
  screen: { high: 256 * 1024, low: 64 * 1024 },
} as const;

export interface FlowProbes {
  /** Bytes queued in the client's socket; 0 without a client. */
  socketBuffered(): number;
  screenPending(): number;
  pause(): void;
  resume(): void;
}

export class FlowGate {
  private unacked = 0;
  private clientPaused = false;
  /** Held while a reconnecting client waits for its snapshot. */
  private held = false;
  private paused = false;

  constructor(private readonly probes: FlowProbes) {}

  get isPaused(): boolean {
    return this.paused;
  }

  sent(bytes: number): void {
    this.unacked += bytes;
    this.update();
  }

  acked(bytes: number): void {
    this.unacked = Math.max(0, this.unacked - bytes);
    this.update();
  }

  setClientPaused(on: boolean): void {
    this.clientPaused = on;
    this.update();
  }

  setHeld(on: boolean): void {
    this.held = on;
    this.update();
  }

  /** A new client (or none): nothing is owed any more. */
  reset(): void {
    this.unacked = 0;
    this.clientPaused = false;
    this.update();
  }

  /** Re-evaluate after anything changed (a chunk, an ACK, a send completing, a parse). */
  update(): void {
    const { socketBuffered, screenPending } = this.probes;
    if (this.paused) {
      const clear =
        !this.held &&
        !this.clientPaused &&
        this.unacked <= WATERMARKS.unacked.low &&
        socketBuffered() <= WATERMARKS.socket.low &&
        screenPending() <= WATERMARKS.screen.low;
      if (clear) {
        this.paused = false;
        this.probes.resume();
      }
      return;
    }
    const stop =
      this.held ||
      this.clientPaused ||
      this.unacked > WATERMARKS.unacked.high ||
      socketBuffered() > WATERMARKS.socket.high ||
      screenPending() > WATERMARKS.screen.high;
    if (stop) {
      this.paused = true;
      this.probes.pause();
    }
  }
}
