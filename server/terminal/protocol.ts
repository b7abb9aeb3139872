// The terminal wire protocol (docs/terminal-protocol.md): binary frames whose first byte is the type.
// Pure encode/decode, no I/O; the web client and tests use the client-side encoders too.
import { isOpslabError } from '../errors.js';

export const C2S = { INPUT: 0x00, RESIZE: 0x01, PAUSE: 0x02, RESUME: 0x03, PING: 0x04, ACK: 0x05 } as const;
export const S2C = { OUTPUT: 0x00, SNAPSHOT: 0x01, PONG: 0x04, EXIT: 0x06, ERROR: 0x07 } as const;

export const CLOSE = {
  EXITED: 1000,
  GOING_AWAY: 1001,
  PROTOCOL: 1008,
  INTERNAL: 1011,
  REPLACED: 4000,
  GONE: 4410,
} as const;

export const LIMITS = {
  maxInput: 64 * 1024,
  maxPing: 64,
  cols: { min: 2, max: 500 },
  rows: { min: 1, max: 200 },
} as const;

export interface Size {
  cols: number;
  rows: number;
}

export type ClientFrame =
  | { type: 'input'; data: Buffer }
  | ({ type: 'resize' } & Size)
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'ping'; data: Buffer }
  | { type: 'ack'; bytes: number }
  | { type: 'invalid'; reason: string };

const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.trunc(n) || lo));

/** A terminal size inside the limits the protocol allows (0×0 and 100000×100000 alike). */
export function clampSize(size: Size): Size {
  return { cols: clamp(size.cols, LIMITS.cols.min, LIMITS.cols.max), rows: clamp(size.rows, LIMITS.rows.min, LIMITS.rows.max) };
}

/** One client frame; `invalid` (with why) for anything the protocol does not allow. */
export function decodeClientFrame(props: { data: Buffer; binary: boolean }): ClientFrame {
  const { data } = props;
  if (!props.binary) return { type: 'invalid', reason: 'text frames are not allowed' };
  if (data.length === 0) return { type: 'invalid', reason: 'empty frame' };
  const payload = data.subarray(1);
  switch (data[0]) {
    case C2S.INPUT:
      if (payload.length > LIMITS.maxInput) return { type: 'invalid', reason: `INPUT over ${LIMITS.maxInput} bytes` };
      return { type: 'input', data: payload };
    case C2S.RESIZE:
      if (payload.length !== 4) return { type: 'invalid', reason: 'RESIZE needs 4 bytes' };
      return { type: 'resize', ...clampSize({ cols: payload.readUInt16BE(0), rows: payload.readUInt16BE(2) }) };
    case C2S.PAUSE:
      return { type: 'pause' };
    case C2S.RESUME:
      return { type: 'resume' };
    case C2S.PING:
      if (payload.length > LIMITS.maxPing) return { type: 'invalid', reason: `PING over ${LIMITS.maxPing} bytes` };
      return { type: 'ping', data: payload };
    case C2S.ACK:
      if (payload.length !== 4) return { type: 'invalid', reason: 'ACK needs 4 bytes' };
      return { type: 'ack', bytes: payload.readUInt32BE(0) };
    default:
      return { type: 'invalid', reason: `unknown frame type 0x${data[0]!.toString(16).padStart(2, '0')}` };
  }
}

/** A frame: the type byte, then the payload. */
export function frame(type: number, payload?: Uint8Array | string): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const out = Buffer.allocUnsafe(1 + (body?.length ?? 0));
  out[0] = type;
  if (body) out.set(body, 1);
  return out;
}

export const exitFrame = (code: number | null) => frame(S2C.EXIT, JSON.stringify({ code: code ?? -1 }));

export const errorFrame = (error: { code: string; message: string }) =>
  frame(S2C.ERROR, JSON.stringify({ error: error.code, message: error.message }));

/** The close code for an error: 4000 + its HTTP status where the protocol names one, else 1011. */
export function closeCodeOf(e: unknown): number {
  if (!isOpslabError(e)) return CLOSE.INTERNAL;
  return [401, 404, 409, 410, 503].includes(e.status) ? 4000 + e.status : CLOSE.INTERNAL;
}

// ---------------------------------------------------------------- client side (web app, tests, bench)

export const inputFrame = (data: Uint8Array | string) => frame(C2S.INPUT, data);

export function resizeFrame(size: Size): Buffer {
  const b = Buffer.alloc(5);
  b[0] = C2S.RESIZE;
  b.writeUInt16BE(size.cols, 1);
  b.writeUInt16BE(size.rows, 3);
  return b;
}

export function ackFrame(bytes: number): Buffer {
  const b = Buffer.alloc(5);
  b[0] = C2S.ACK;
  b.writeUInt32BE(bytes, 1);
  return b;
}
