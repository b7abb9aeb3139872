// The server's copy of a session's screen: a headless xterm fed the same output as the client,
// serialized into a SNAPSHOT when a client reconnects. Memory is bounded: the scrollback shrinks
// for wide terminals so that the buffer never holds more than MAX_CELLS cells.
import xtermHeadless from '@xterm/headless';
import serializeAddon from '@xterm/addon-serialize';
import type { Size } from './protocol.js';

const { Terminal } = xtermHeadless;
const { SerializeAddon } = serializeAddon;

/** ~12 bytes a cell in xterm's buffer: 200k cells ≈ 2.4 MB at most, 1000 lines at 200 columns. */
const MAX_CELLS = 200_000;
const MAX_SCROLLBACK = 1000;

export const scrollbackFor = (cols: number) => Math.max(100, Math.min(MAX_SCROLLBACK, Math.floor(MAX_CELLS / cols)));

export class Screen {
  private readonly term: InstanceType<typeof Terminal>;
  private readonly serializer = new SerializeAddon();
  private pendingBytes = 0;
  private readonly waiters = new Set<() => void>();
  private disposed = false;

  constructor(size: Size) {
    this.term = new Terminal({ cols: size.cols, rows: size.rows, scrollback: scrollbackFor(size.cols), allowProposedApi: true });
    this.term.loadAddon(this.serializer);
  }

  /** Bytes written and not yet parsed (the headless terminal parses in time slices). */
  get pending(): number {
    return this.pendingBytes;
  }

  write(data: Uint8Array): void {
    if (this.disposed) return;
    const n = data.length;
    this.pendingBytes += n;
    this.term.write(data, () => {
      this.pendingBytes -= n;
      for (const w of this.waiters) w();
    });
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
    return new Promise((resolve) => this.term.write('', () => resolve(this.disposed ? '' : this.serializer.serialize())));
  }

  dispose(): void {
    this.disposed = true;
    this.waiters.clear();
    this.term.dispose();
  }
}
