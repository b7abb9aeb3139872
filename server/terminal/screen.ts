// The server's copy of a session's screen: a headless xterm fed the same output as the client,
// serialized into a SNAPSHOT when a client reconnects. Memory is bounded: the scrollback shrinks
// for wide terminals so that the buffer never holds more than MAX_CELLS cells.
// During a flood (`cat` of a big file) parsing every byte would set the pace of the whole session
// (it was three quarters of the gateway's CPU): once BACKLOG bytes wait to be parsed, further output
// is not parsed as it comes; the newest TAIL bytes of it are kept and parsed when the parser has
// caught up (from the first line start in them), or before a snapshot. The client's own terminal
// parses everything; only a reconnect during or right after a flood sees the skipped part missing
// from the scrollback (what it holds is far less than TAIL anyway).
// Sequences that would make the parser work in proportion to a count the shell prints (scroll or
// repeat two billion times) are bounded first (screen-sequences.ts).
import xtermHeadless from '@xterm/headless';
import serializeAddon from '@xterm/addon-serialize';
import type { Size } from './protocol.js';
import { boundCostlySequences } from './screen-sequences.js';

const { Terminal } = xtermHeadless;
const { SerializeAddon } = serializeAddon;

/** ~12 bytes a cell in xterm's buffer: 200k cells ≈ 2.4 MB at most, 1000 lines at 200 columns. */
const MAX_CELLS = 200_000;
const MAX_SCROLLBACK = 1000;
/** Unparsed bytes beyond which output is kept as a tail instead of parsed at once. */
export const BACKLOG = 128 * 1024;
/** The newest bytes of a flood kept for the parser: more than a full scrollback of text. */
export const TAIL = 256 * 1024;

export const scrollbackFor = (cols: number) => Math.max(100, Math.min(MAX_SCROLLBACK, Math.floor(MAX_CELLS / cols)));

export class Screen {
  private readonly term: InstanceType<typeof Terminal>;
  private readonly serializer = new SerializeAddon();
  private pendingBytes = 0;
  private readonly waiters = new Set<() => void>();
  private disposed = false;
  /** The newest output not parsed yet (a flood), oldest first, and its size. */
  private tail: Uint8Array[] = [];
  private tailBytes = 0;
  /** Whether part of a flood was skipped (the tail then starts mid-stream). */
  private skipped = false;

  constructor(size: Size) {
    this.term = new Terminal({ cols: size.cols, rows: size.rows, scrollback: scrollbackFor(size.cols), allowProposedApi: true });
    boundCostlySequences(this.term);
    this.term.loadAddon(this.serializer);
  }

  /** Bytes written and not yet parsed (the headless terminal parses in time slices). */
  get pending(): number {
    return this.pendingBytes;
  }

  write(data: Uint8Array): void {
    if (this.disposed) return;
    if (this.tailBytes === 0 && (this.pendingBytes === 0 || this.pendingBytes + data.length <= BACKLOG)) {
      this.parse(data);
      return;
    }
    this.tail.push(data);
    this.tailBytes += data.length;
    while (this.tailBytes - this.tail[0]!.length >= TAIL) {
      this.tailBytes -= this.tail.shift()!.length;
      this.skipped = true;
    }
  }

  /** Bytes kept for later parsing (a flood's newest). */
  get held(): number {
    return this.tailBytes;
  }

  private parse(data: Uint8Array): void {
    const n = data.length;
    this.pendingBytes += n;
    this.term.write(data, () => {
      this.pendingBytes -= n;
      if (this.pendingBytes === 0 && this.tailBytes > 0) this.flushTail();
      for (const w of this.waiters) w();
    });
  }

  /** Hands the kept tail to the parser: from its first line start when the part before it was skipped. */
  private flushTail(): void {
    if (this.disposed || this.tailBytes === 0) return;
    let data = Buffer.concat(this.tail);
    this.tail = [];
    this.tailBytes = 0;
    if (this.skipped) {
      const nl = data.indexOf(0x0a);
      data = nl >= 0 ? data.subarray(nl + 1) : data;
      this.skipped = false;
    }
    if (data.length) this.parse(data);
  }

  /** Called after each parsed write; returns a function that removes it. */
  onParsed(fn: () => void): () => void {
    this.waiters.add(fn);
    return () => this.waiters.delete(fn);
  }

  resize(size: Size): void {
    if (this.disposed) return;
    if (size.cols === this.term.cols && size.rows === this.term.rows) return;
    this.term.options.scrollback = scrollbackFor(size.cols);
    this.term.resize(size.cols, size.rows);
  }

  /** Everything written so far, once parsed: screen and scrollback with their attributes. */
  snapshot(): Promise<string> {
    if (this.disposed) return Promise.resolve('');
    this.flushTail();
    return new Promise((resolve) => this.term.write('', () => resolve(this.disposed ? '' : this.serializer.serialize())));
  }

  dispose(): void {
    this.disposed = true;
    this.tail = [];
    this.tailBytes = 0;
    this.waiters.clear();
    this.term.dispose();
  }
}
