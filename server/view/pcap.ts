// The classic pcap file format, both ways: PcapReader takes a capture as tcpdump streams it
// (`tcpdump -w -` in a lab container, in chunks of any size) and hands back whole records;
// writePcap makes the file a learner downloads. The stream is untrusted (the learner is root in
// the container and may replace tcpdump), so the reader checks every length before it waits for
// it, holds a bounded amount of data, and fails with CAPTURE_UNREADABLE instead of guessing.
import { OpslabError } from '../errors.js';

export interface PcapRecord {
  tsSec: number;
  /** Fraction of the second in nanoseconds, whatever the file's resolution. */
  tsNsec: number;
  /** Bytes captured (data.length) and bytes the frame had on the wire. */
  caplen: number;
  len: number;
  data: Buffer;
}

export interface PcapReaderOptions {
  /** A record larger than this is refused (libpcap's own maximum by default). */
  maxCaplen?: number;
  /** Bytes the reader may hold while waiting for the rest of a record. */
  maxPending?: number;
}

export const PCAP_MAX_CAPLEN = 262_144;
const DEFAULT_MAX_PENDING = 1024 * 1024;
const GLOBAL_HEADER = 24;
const RECORD_HEADER = 16;
const MAGIC_USEC = 0xa1b2c3d4;
const MAGIC_NSEC = 0xa1b23c4d;
/** libpcap's LT_LINKTYPE: the upper bits of the header's link type field carry FCS information. */
const LINKTYPE_MASK = 0x03ffffff;

interface FileFormat {
  littleEndian: boolean;
  nanoseconds: boolean;
}

/** Incremental reader of one pcap stream. After it throws, every later push throws the same error. */
export class PcapReader {
  /** Known once the global header has arrived. */
  linktype?: number;
  snaplen?: number;
  private format?: FileFormat;
  private chunks: Buffer[] = [];
  private held = 0;
  /** The caplen of the record whose header is held, once read (so it is read once, not per chunk). */
  private pendingCaplen?: number;
  private recordsRead = 0;
  private failure?: OpslabError;
  private readonly maxCaplen: number;
  private readonly maxPending: number;

  constructor(options: PcapReaderOptions = {}) {
    this.maxCaplen = options.maxCaplen ?? PCAP_MAX_CAPLEN;
    this.maxPending = options.maxPending ?? DEFAULT_MAX_PENDING;
  }

  /** Bytes held while waiting for the rest of the header or of a record. */
  get buffered(): number {
    return this.held;
  }

  /** Adds a chunk of the stream; returns the records it completed (possibly none). */
  push(chunk: Buffer): PcapRecord[] {
    if (this.failure) throw this.failure;
    try {
      return this.take(chunk);
    } catch (e) {
      this.keep(Buffer.alloc(0));
      this.failure = e instanceof OpslabError ? e : new OpslabError('CAPTURE_UNREADABLE', `capture stream: ${String(e)}`, { cause: e });
      throw this.failure;
    }
  }

  private take(chunk: Buffer): PcapRecord[] {
    if (chunk.length) {
      this.chunks.push(chunk);
      this.held += chunk.length;
    }
    const records: PcapRecord[] = [];
    // Joins the chunks only once a whole unit (header, record header, record) is there, so a
    // stream that arrives a byte at a time costs no more than one that arrives in one piece.
    while (this.held >= this.needed()) {
      const buf = this.joined();
      let off = 0;
      if (!this.format) off = this.readGlobalHeader(buf);
      for (;;) {
        const record = this.readRecord(buf, off);
        if (!record) break;
        records.push(record.record);
        off = record.next;
      }
      this.keep(buf.subarray(off));
    }
    if (this.held > this.maxPending) {
      throw unreadable(`it holds ${this.held} bytes without a complete record (limit ${this.maxPending})`);
    }
    return records;
  }

  /** Bytes needed before anything more can be parsed. */
  private needed(): number {
    if (!this.format) return GLOBAL_HEADER;
    if (this.held < RECORD_HEADER) return RECORD_HEADER;
    this.pendingCaplen ??= this.checkedCaplen(this.joined(), 0);
    return RECORD_HEADER + this.pendingCaplen;
  }

  private joined(): Buffer {
    if (this.chunks.length !== 1) this.chunks = [Buffer.concat(this.chunks, this.held)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  private keep(rest: Buffer): void {
    // A copy, so a small remainder does not pin a large chunk the caller handed in.
    this.chunks = rest.length ? [Buffer.from(rest)] : [];
    this.held = rest.length;
    this.pendingCaplen = undefined;
  }

  private readGlobalHeader(buf: Buffer): number {
    this.format = fileFormat(buf.readUInt32BE(0));
    const u32 = (off: number) => (this.format!.littleEndian ? buf.readUInt32LE(off) : buf.readUInt32BE(off));
    this.snaplen = u32(16);
    this.linktype = u32(20) & LINKTYPE_MASK;
    return GLOBAL_HEADER;
  }

  private readRecord(buf: Buffer, off: number): { record: PcapRecord; next: number } | undefined {
    if (buf.length - off < RECORD_HEADER) return undefined;
    const caplen = this.checkedCaplen(buf, off);
    if (buf.length - off - RECORD_HEADER < caplen) return undefined;
    const { littleEndian, nanoseconds } = this.format!;
    const u32 = (at: number) => (littleEndian ? buf.readUInt32LE(off + at) : buf.readUInt32BE(off + at));
    const fraction = u32(4);
    if (fraction >= (nanoseconds ? 1e9 : 1e6)) {
      throw unreadable(`record ${this.recordsRead + 1} has a timestamp fraction of ${fraction}, out of range`);
    }
    const start = off + RECORD_HEADER;
    this.recordsRead++;
    return {
      record: {
        tsSec: u32(0),
        tsNsec: nanoseconds ? fraction : fraction * 1000,
        caplen,
        len: u32(12),
        data: Buffer.from(buf.subarray(start, start + caplen)),
      },
      next: start + caplen,
    };
  }

  /** The caplen of the record header at `off`, refused when larger than any real capture gives. */
  private checkedCaplen(buf: Buffer, off: number): number {
    const caplen = this.format!.littleEndian ? buf.readUInt32LE(off + 8) : buf.readUInt32BE(off + 8);
    const limit = this.snaplen ? Math.min(this.maxCaplen, 2 * this.snaplen) : this.maxCaplen;
    if (caplen > limit) {
      throw unreadable(`record ${this.recordsRead + 1} claims ${caplen} captured bytes, more than the limit of ${limit} (snaplen ${this.snaplen})`);
    }
    return caplen;
  }
}

function fileFormat(magicBE: number): FileFormat {
  if (magicBE === MAGIC_USEC) return { littleEndian: false, nanoseconds: false };
  if (magicBE === MAGIC_NSEC) return { littleEndian: false, nanoseconds: true };
  if (magicBE === swap32(MAGIC_USEC)) return { littleEndian: true, nanoseconds: false };
  if (magicBE === swap32(MAGIC_NSEC)) return { littleEndian: true, nanoseconds: true };
  throw unreadable(`it starts with 0x${magicBE.toString(16).padStart(8, '0')}, not a pcap magic number (a1b2c3d4 or a1b23c4d, either byte order)`);
}

function swap32(n: number): number {
  return (((n & 0xff) << 24) | ((n & 0xff00) << 8) | ((n >>> 8) & 0xff00) | (n >>> 24)) >>> 0;
}

function unreadable(why: string): OpslabError {
  return new OpslabError('CAPTURE_UNREADABLE', `The capture stream is not a readable pcap: ${why}.`);
}

/**
 * A classic pcap file (little-endian, microsecond timestamps, version 2.4) of the records, as
 * tcpdump -r and Wireshark read it. A record longer than `snaplen` is cut to it (a file whose
 * records exceed its snaplen is malformed); `len` is never less than the bytes written.
 */
export function writePcap(props: { linktype: number; snaplen: number; records: PcapRecord[] }): Buffer {
  const { linktype, snaplen, records } = props;
  const header = Buffer.alloc(GLOBAL_HEADER);
  header.writeUInt32LE(MAGIC_USEC, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(snaplen >>> 0, 16);
  header.writeUInt32LE(linktype >>> 0, 20);
  const parts: Buffer[] = [header];
  for (const r of records) {
    const data = snaplen > 0 && r.data.length > snaplen ? r.data.subarray(0, snaplen) : r.data;
    const head = Buffer.alloc(RECORD_HEADER);
    head.writeUInt32LE(r.tsSec >>> 0, 0);
    head.writeUInt32LE(Math.min(999_999, Math.floor(r.tsNsec / 1000)) >>> 0, 4);
    head.writeUInt32LE(data.length, 8);
    head.writeUInt32LE(Math.max(r.len, data.length) >>> 0, 12);
    parts.push(head, data);
  }
  return Buffer.concat(parts);
}
