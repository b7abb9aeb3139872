// The terminal wire protocol, both ways: what the browser's encoders make, the server decodes as
// meant, and what the server sends, the browser decodes as meant. Each side is imported through its
// own door (web/src/terminal/protocol.ts, server/terminal/protocol.ts), as the app imports it.
import { describe, expect, it } from 'vitest';
import { OpslabError } from '../../server/errors.js';
import * as server from '../../server/terminal/protocol.js';
import { scrollbackFor } from '../../server/terminal/screen.js';
import * as web from '../../web/src/terminal/protocol.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);
const decode = (data: Uint8Array, binary = true) => server.decodeClientFrame({ data, binary });
/** As the server gets frames from ws: a Buffer, often a slice of a larger one. */
const asReceived = (f: Uint8Array) => Buffer.concat([Buffer.from('junk'), f]).subarray(4);
/** As the browser gets frames: an ArrayBuffer of its own (binaryType 'arraybuffer'). */
const asDelivered = (f: Uint8Array) => web.decodeServerFrame(new Uint8Array(f.slice().buffer));

describe('browser → server', () => {
  it('decodes every frame the web client sends', () => {
    expect(decode(asReceived(web.inputFrames('ls -l é\r')[0]!))).toEqual({ type: 'input', data: Buffer.from('ls -l é\r') }); // a view of the Buffer ws gave
    expect(decode(asReceived(web.resizeFrame({ cols: 132, rows: 43 })))).toEqual({ type: 'resize', cols: 132, rows: 43 });
    expect(decode(asReceived(web.ackFrame(70_000)))).toEqual({ type: 'ack', bytes: 70_000 });
    expect(decode(asReceived(web.pauseFrame()))).toEqual({ type: 'pause' });
    expect(decode(asReceived(web.resumeFrame()))).toEqual({ type: 'resume' });
    const ping = decode(asReceived(web.pingFrame(1_700_000_000_123)));
    expect(ping.type === 'ping' && text(ping.data)).toBe('1700000000123');
  });

  it('splits a large paste into INPUT frames the server accepts, bytes intact and in order', () => {
    const paste = new Uint8Array(3 * 64 * 1024 + 5).map((_, i) => i % 251);
    const frames = web.inputFrames(paste);
    expect(frames).toHaveLength(4);
    const got = frames.map((f) => decode(asReceived(f)));
    for (const f of got) expect(f.type).toBe('input');
    expect(Buffer.concat(got.map((f) => (f.type === 'input' ? f.data : new Uint8Array())))).toEqual(Buffer.from(paste));
    expect(web.inputFrames('')).toEqual([]);
  });

  it('the browser clamps sizes before it sends them; the server clamps whatever comes', () => {
    expect(decode(web.resizeFrame({ cols: 0, rows: 0 }))).toEqual({ type: 'resize', cols: 2, rows: 1 });
    expect(decode(web.resizeFrame({ cols: 100_000, rows: 100_000 }))).toEqual({ type: 'resize', cols: 500, rows: 200 });
    const raw = (cols: number, rows: number) => Uint8Array.of(server.C2S.RESIZE, cols >> 8, cols & 0xff, rows >> 8, rows & 0xff);
    expect(decode(raw(0, 0))).toEqual({ type: 'resize', cols: 2, rows: 1 });
    expect(decode(raw(65535, 65535))).toEqual({ type: 'resize', cols: 500, rows: 200 });
    expect(server.clampSize({ cols: Number.NaN, rows: 100000 })).toEqual({ cols: 2, rows: 200 });
  });

  it('calls everything else invalid, with the reason', () => {
    const bad: [Uint8Array, boolean, RegExp][] = [
      [bytes('hi'), false, /text frames/],
      [new Uint8Array(), true, /empty/],
      [Uint8Array.of(0x09), true, /unknown frame type 0x09/],
      [Uint8Array.of(0x01, 0, 80, 0), true, /RESIZE needs 4 bytes/],
      [Uint8Array.of(0x05, 1, 2), true, /ACK needs 4 bytes/],
      [server.frame(server.C2S.PING, new Uint8Array(65)), true, /PING over 64/],
      [server.inputFrame(new Uint8Array(64 * 1024 + 1)), true, /INPUT over 65536/],
    ];
    for (const [data, binary, reason] of bad) {
      const f = decode(data, binary);
      expect(f.type).toBe('invalid');
      expect(f.type === 'invalid' && f.reason).toMatch(reason);
    }
    expect(decode(server.inputFrame(new Uint8Array(64 * 1024))).type).toBe('input');
  });
});

describe('server → browser', () => {
  it('decodes every frame the server sends', () => {
    expect(asDelivered(server.outputFrame(Buffer.from('total 0\r\n')))).toEqual({ type: 'output', data: bytes('total 0\r\n') });
    const snap = asDelivered(server.snapshotFrame('\x1b[H$ ls é'));
    expect(snap.type === 'snapshot' && text(snap.data)).toBe('\x1b[H$ ls é');
    const pong = asDelivered(server.pongFrame(bytes('1700000000123')));
    expect(pong.type === 'pong' && text(pong.data)).toBe('1700000000123');
    expect(asDelivered(server.exitFrame(3))).toEqual({ type: 'exit', code: 3 });
    expect(asDelivered(server.exitFrame(null))).toEqual({ type: 'exit', code: -1 });
    expect(asDelivered(server.errorFrame({ code: 'LAB_NOT_FOUND', message: 'The lab was destroyed.' }))).toEqual({ type: 'error', error: 'LAB_NOT_FOUND', message: 'The lab was destroyed.' });
  });

  it('answers a PING with its own token', () => {
    const ping = decode(asReceived(web.pingFrame(42)));
    if (ping.type !== 'ping') throw new Error(`not a ping: ${ping.type}`);
    const pong = asDelivered(server.pongFrame(ping.data));
    expect(pong.type === 'pong' && text(pong.data)).toBe('42');
  });

  it('never throws on what it does not know: unknown types and broken JSON', () => {
    expect(asDelivered(Uint8Array.of(0x09, 1))).toEqual({ type: 'unknown', byte: 0x09 });
    expect(asDelivered(new Uint8Array())).toEqual({ type: 'unknown', byte: -1 });
    expect(asDelivered(server.frame(server.S2C.EXIT, '{'))).toEqual({ type: 'exit', code: -1 });
    expect(asDelivered(server.frame(server.S2C.EXIT, 'null'))).toEqual({ type: 'exit', code: -1 });
    expect(asDelivered(server.frame(server.S2C.ERROR, '[]'))).toEqual({ type: 'error', error: 'ERROR', message: 'The terminal failed.' });
  });
});

describe('close codes', () => {
  it('are one set: the codes the server closes with are the ones the client knows', () => {
    expect(web.CLOSE).toBe(server.CLOSE);
    expect(server.CLOSE).toMatchObject({ EXITED: 1000, GOING_AWAY: 1001, PROTOCOL: 1008, INTERNAL: 1011, REPLACED: 4000, GONE: 4410 });
  });

  it('map errors to 4000 + status where the protocol has one, else 1011', () => {
    expect(server.closeCodeOf(new OpslabError('UNAUTHENTICATED'))).toBe(web.CLOSE.NO_IDENTITY);
    expect(server.closeCodeOf(new OpslabError('LAB_NOT_FOUND'))).toBe(4404);
    expect(server.closeCodeOf(new OpslabError('HOST_NOT_FOUND'))).toBe(web.CLOSE.NOT_FOUND);
    expect(server.closeCodeOf(new OpslabError('LAB_NOT_READY'))).toBe(4409);
    expect(server.closeCodeOf(new OpslabError('HOST_GONE'))).toBe(web.CLOSE.NOT_READY);
    expect(server.closeCodeOf(new OpslabError('ENGINE_DOWN'))).toBe(web.CLOSE.ENGINE_DOWN);
    expect(server.closeCodeOf(new OpslabError('INTERNAL'))).toBe(1011);
    expect(server.closeCodeOf(new OpslabError('FORBIDDEN'))).toBe(1011);
    expect(server.closeCodeOf(new Error('boom'))).toBe(web.CLOSE.INTERNAL);
  });
});

it('bounds the headless scrollback by cells: 1000 lines up to 200 columns, fewer beyond', () => {
  expect(scrollbackFor(80)).toBe(1000);
  expect(scrollbackFor(200)).toBe(1000);
  expect(scrollbackFor(500)).toBe(400);
});
