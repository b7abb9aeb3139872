import { describe, expect, it } from 'vitest';
import { OpslabError } from '../../server/errors.js';
import { ackFrame, clampSize, closeCodeOf, decodeClientFrame, frame, inputFrame, resizeFrame } from '../../server/terminal/protocol.js';
import { scrollbackFor } from '../../server/terminal/screen.js';

const decode = (data: Buffer, binary = true) => decodeClientFrame({ data, binary });

describe('terminal protocol frames', () => {
  it('decodes what the client encoders make', () => {
    expect(decode(inputFrame('ls\r'))).toEqual({ type: 'input', data: Buffer.from('ls\r') });
    expect(decode(resizeFrame({ cols: 132, rows: 43 }))).toEqual({ type: 'resize', cols: 132, rows: 43 });
    expect(decode(ackFrame(70_000))).toEqual({ type: 'ack', bytes: 70_000 });
    expect(decode(frame(0x02))).toEqual({ type: 'pause' });
    expect(decode(frame(0x03))).toEqual({ type: 'resume' });
    expect(decode(frame(0x04, 'p1'))).toEqual({ type: 'ping', data: Buffer.from('p1') });
  });

  it('clamps sizes to 2..500 × 1..200', () => {
    expect(decode(resizeFrame({ cols: 0, rows: 0 }))).toEqual({ type: 'resize', cols: 2, rows: 1 });
    expect(decode(resizeFrame({ cols: 65535, rows: 65535 }))).toEqual({ type: 'resize', cols: 500, rows: 200 });
    expect(clampSize({ cols: Number.NaN, rows: 100000 })).toEqual({ cols: 2, rows: 200 });
  });

  it('calls everything else invalid, with the reason', () => {
    const bad: [Buffer, boolean, RegExp][] = [
      [Buffer.from('hi'), false, /text frames/],
      [Buffer.alloc(0), true, /empty/],
      [Buffer.from([0x09]), true, /unknown frame type 0x09/],
      [Buffer.from([0x01, 0, 80, 0]), true, /RESIZE needs 4 bytes/],
      [Buffer.from([0x05, 1, 2]), true, /ACK needs 4 bytes/],
      [frame(0x04, Buffer.alloc(65)), true, /PING over 64/],
      [inputFrame(Buffer.alloc(64 * 1024 + 1)), true, /INPUT over 65536/],
    ];
    for (const [data, binary, reason] of bad) {
      const f = decode(data, binary);
      expect(f.type).toBe('invalid');
      expect(f.type === 'invalid' && f.reason).toMatch(reason);
    }
    expect(decode(inputFrame(Buffer.alloc(64 * 1024))).type).toBe('input');
  });

  it('maps errors to close codes: 4000 + status where the protocol has one, else 1011', () => {
    expect(closeCodeOf(new OpslabError('LAB_NOT_FOUND'))).toBe(4404);
    expect(closeCodeOf(new OpslabError('HOST_NOT_FOUND'))).toBe(4404);
    expect(closeCodeOf(new OpslabError('LAB_NOT_READY'))).toBe(4409);
    expect(closeCodeOf(new OpslabError('ENGINE_DOWN'))).toBe(4503);
    expect(closeCodeOf(new OpslabError('INTERNAL'))).toBe(1011);
    expect(closeCodeOf(new Error('boom'))).toBe(1011);
  });

  it('bounds the headless scrollback by cells: 1000 lines up to 200 columns, fewer beyond', () => {
    expect(scrollbackFor(80)).toBe(1000);
    expect(scrollbackFor(200)).toBe(1000);
    expect(scrollbackFor(500)).toBe(400);
  });
});
