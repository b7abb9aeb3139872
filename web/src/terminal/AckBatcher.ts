// Flow control, client side: count output bytes once xterm.js has processed them (its write
// callback fired) and report them to the server in batches: every `bytes` or after `ms`.
import { ackFrame } from './protocol.js';

export class AckBatcher {
  private pending = 0;
  private timer?: ReturnType<typeof setTimeout>;

  constructor(
    /** Sends a frame; false when the socket is not open (the count is then kept for later). */
    private readonly send: (frame: Uint8Array<ArrayBuffer>) => boolean,
    private readonly bytes = 16 * 1024,
    private readonly ms = 50,
  ) {}

  processed(n: number): void {
    this.pending += n;
    if (this.pending >= this.bytes) {
      this.flush();
      return;
    }
    this.timer ??= setTimeout(() => this.flush(), this.ms);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending > 0 && this.send(ackFrame(this.pending))) this.pending = 0;
  }

  /** A new connection: the server owes nothing from the old one. */
  reset(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = 0;
  }
}
