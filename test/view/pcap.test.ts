// The pcap stream reader and writer: both magics in both byte orders, records split across
// chunks, the limits that stop a hostile stream, and writePcap read back by PcapReader.
import { describe, expect, it } from 'vitest';
import { isOpslabError } from '../../server/errors.js';
import { PcapReader, type PcapRecord, writePcap } from '../../server/view/pcap.js';

interface FileSpec {
  littleEndian: boolean;
  nanoseconds: boolean;
  snaplen?: number;
  linktype?: number;
  records: { tsSec: number; fraction: number; len?: number; data: Buffer; caplen?: number }[];
}

/** A pcap file written field by field, independently of writePcap. */
function pcapFile(spec: FileSpec): Buffer {
  const le = spec.littleEndian;
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    if (le) b.writeUInt32LE(n >>> 0);
    else b.writeUInt32BE(n >>> 0);
    return b;
  };
  const u16 = (n: number) => {
    const b = Buffer.alloc(2);
    if (le) b.writeUInt16LE(n);
    else b.writeUInt16BE(n);
    return b;
  };
  const parts: Buffer[] = [u32(spec.nanoseconds ? 0xa1b23c4d : 0xa1b2c3d4), u16(2), u16(4), u32(0), u32(0), u32(spec.snaplen ?? 262144), u32(spec.linktype ?? 1)];
  for (const r of spec.records) {
    parts.push(u32(r.tsSec), u32(r.fraction), u32(r.caplen ?? r.data.length), u32(r.len ?? r.data.length), r.data);
  }
  return Buffer.concat(parts);
}

const FRAME_A = Buffer.from('ffffffffffff02420a01020a0806' + '00'.repeat(28), 'hex');
const FRAME_B = Buffer.alloc(74, 0x5a);

function twoRecords(littleEndian: boolean, nanoseconds: boolean): Buffer {
  return pcapFile({
    littleEndian,
    nanoseconds,
    snaplen: 65535,
    linktype: 113,
    records: [
      { tsSec: 1_700_000_000, fraction: nanoseconds ? 123_456_789 : 123_456, data: FRAME_A, len: 60 },
      { tsSec: 1_700_000_001, fraction: nanoseconds ? 999_999_999 : 999_999, data: FRAME_B },
    ],
  });
}

function expectUnreadable(fn: () => unknown, message: RegExp): void {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(isOpslabError(error, 'CAPTURE_UNREADABLE'), `threw ${String(error)}`).toBe(true);
  expect((error as Error).message).toMatch(message);
}

describe('PcapReader', () => {
  it.each([
    ['big-endian microseconds', false, false],
    ['little-endian microseconds', true, false],
    ['big-endian nanoseconds', false, true],
    ['little-endian nanoseconds', true, true],
  ])('reads a %s file, timestamps in nanoseconds', (_name, littleEndian, nanoseconds) => {
    const reader = new PcapReader();
    const records = reader.push(twoRecords(littleEndian, nanoseconds));
    expect(reader.linktype).toBe(113);
    expect(reader.snaplen).toBe(65535);
    expect(records).toEqual([
      { tsSec: 1_700_000_000, tsNsec: nanoseconds ? 123_456_789 : 123_456_000, caplen: FRAME_A.length, len: 60, data: FRAME_A },
      { tsSec: 1_700_000_001, tsNsec: nanoseconds ? 999_999_999 : 999_999_000, caplen: FRAME_B.length, len: FRAME_B.length, data: FRAME_B },
    ]);
  });

  it('reads the same records pushed a byte at a time, returning each once it is whole', () => {
    const file = twoRecords(true, false);
    const reader = new PcapReader();
    const seen: { at: number; record: PcapRecord }[] = [];
    for (let i = 0; i < file.length; i++) {
      if (i === 23) expect(reader.linktype).toBeUndefined();
      for (const record of reader.push(file.subarray(i, i + 1))) seen.push({ at: i, record });
      if (i === 23) expect(reader.linktype).toBe(113);
    }
    const endOfFirst = 24 + 16 + FRAME_A.length - 1;
    expect(seen.map((s) => s.at)).toEqual([endOfFirst, file.length - 1]);
    expect(seen.map((s) => s.record.data)).toEqual([FRAME_A, FRAME_B]);
    expect(reader.buffered).toBe(0);
  });

  it('reads a stream split into two chunks at every possible point', () => {
    const file = twoRecords(false, true);
    for (let cut = 0; cut <= file.length; cut++) {
      const reader = new PcapReader();
      const records = [...reader.push(file.subarray(0, cut)), ...reader.push(file.subarray(cut))];
      expect(records.map((r) => r.data), `cut at ${cut}`).toEqual([FRAME_A, FRAME_B]);
    }
  });

  it('keeps no more than the unfinished record between pushes', () => {
    const reader = new PcapReader();
    const file = twoRecords(true, false);
    reader.push(file.subarray(0, file.length - 10));
    expect(reader.buffered).toBe(16 + FRAME_B.length - 10);
  });

  it('refuses a stream that does not start with a pcap magic, and keeps refusing', () => {
    const reader = new PcapReader();
    const notPcap = Buffer.from('0a0d0d0a' + '00'.repeat(40), 'hex'); // pcapng's section header
    expectUnreadable(() => reader.push(notPcap), /0x0a0d0d0a, not a pcap magic number/);
    expectUnreadable(() => reader.push(twoRecords(true, false)), /not a pcap magic/);
  });

  it('refuses a record larger than 262144 bytes as soon as its header arrives', () => {
    const file = pcapFile({ littleEndian: true, nanoseconds: false, records: [{ tsSec: 1, fraction: 0, data: Buffer.alloc(0), caplen: 262_145 }] });
    const reader = new PcapReader();
    expectUnreadable(() => reader.push(file), /claims 262145 captured bytes, more than the limit of 262144/);
  });

  it('refuses a record more than twice the snaplen, and takes one up to it', () => {
    const header = (caplen: number) => pcapFile({ littleEndian: false, nanoseconds: false, snaplen: 100, records: [{ tsSec: 1, fraction: 0, data: Buffer.alloc(0), caplen }] });
    expect(new PcapReader().push(header(200))).toEqual([]);
    expectUnreadable(() => new PcapReader().push(header(201)), /claims 201 captured bytes, more than the limit of 200 \(snaplen 100\)/);
  });

  it('refuses to hold more than its pending limit', () => {
    const reader = new PcapReader({ maxPending: 1000 });
    const file = pcapFile({ littleEndian: true, nanoseconds: false, records: [{ tsSec: 1, fraction: 0, data: Buffer.alloc(5000) }] });
    reader.push(file.subarray(0, 900));
    expectUnreadable(() => reader.push(file.subarray(900, 1100)), /holds 1076 bytes without a complete record \(limit 1000\)/);
  });

  it('refuses a timestamp fraction out of range (a stream out of step)', () => {
    const file = pcapFile({ littleEndian: true, nanoseconds: false, records: [{ tsSec: 1, fraction: 1_000_000, data: FRAME_A }] });
    expectUnreadable(() => new PcapReader().push(file), /record 1 has a timestamp fraction of 1000000/);
  });

  it('takes a largest-size record pushed a byte at a time in well under a few seconds', () => {
    const data = Buffer.alloc(262_144, 7);
    const file = pcapFile({ littleEndian: true, nanoseconds: false, records: [{ tsSec: 1, fraction: 0, data }] });
    const reader = new PcapReader();
    const started = Date.now();
    const records: PcapRecord[] = [];
    for (let i = 0; i < file.length; i++) records.push(...reader.push(file.subarray(i, i + 1)));
    expect(records).toHaveLength(1);
    expect(records[0]!.data.equals(data)).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('writePcap', () => {
  const records: PcapRecord[] = [
    { tsSec: 1_700_000_000, tsNsec: 123_456_789, caplen: FRAME_A.length, len: 60, data: FRAME_A },
    { tsSec: 1_700_000_002, tsNsec: 5_000, caplen: FRAME_B.length, len: 1514, data: FRAME_B },
  ];

  it('writes a little-endian microsecond pcap 2.4 header', () => {
    const file = writePcap({ linktype: 276, snaplen: 262144, records: [] });
    expect(file.toString('hex')).toBe('d4c3b2a1' + '0200' + '0400' + '00000000' + '00000000' + '00000400' + '14010000');
  });

  it('round-trips through PcapReader (timestamps to the microsecond)', () => {
    const reader = new PcapReader();
    const back = reader.push(writePcap({ linktype: 1, snaplen: 262144, records }));
    expect(reader.linktype).toBe(1);
    expect(back).toEqual([
      { ...records[0], tsNsec: 123_456_000 },
      { ...records[1], tsNsec: 5_000 },
    ]);
  });

  it('cuts a record to the snaplen, keeping its length on the wire', () => {
    const back = new PcapReader().push(writePcap({ linktype: 1, snaplen: 40, records }));
    expect(back.map((r) => [r.caplen, r.len])).toEqual([
      [40, 60],
      [40, 1514],
    ]);
    expect(back[1]!.data.equals(FRAME_B.subarray(0, 40))).toBe(true);
  });
});
