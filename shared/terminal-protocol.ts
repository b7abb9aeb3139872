// The terminal wire protocol (docs/terminal-protocol.md), the one copy the server and the web app
// import: binary frames whose first byte is the type, then the payload. Pure encode/decode over
// Uint8Array, no I/O and no Node or DOM APIs (TextEncoder/TextDecoder are in both runtimes), so the
// browser's encoders are the ones the server's decoder is tested against, and the other way round.

/** Frame types the client sends. */
export const C2S = { INPUT: 0x00, RESIZE: 0x01, PAUSE: 0x02, RESUME: 0x03, PING: 0x04, ACK: 0x05 } as const;
/** Frame types the server sends. */
export const S2C = { OUTPUT: 0x00, SNAPSHOT: 0x01, PONG: 0x04, EXIT: 0x06, ERROR: 0x07 } as const;

/** Close codes the server ends a terminal socket with; the client decides by them whether to reconnect. */
export const CLOSE = {
  /** The shell exited (an EXIT frame came first). */
  EXITED: 1000,
  /** The server is shutting down, or the session idled out. */
  GOING_AWAY: 1001,
  /** A frame the protocol does not allow (an ERROR frame BAD_REQUEST came first). */
  PROTOCOL: 1008,
  /** The terminal could not be opened for an unexpected reason (logged). */
  INTERNAL: 1011,
  /** A newer connection took the session over. */
  REPLACED: 4000,
  NO_IDENTITY: 4401,
  /** No such lab or host (or not yours). */
  NOT_FOUND: 4404,
  /** The lab is not ready (starting, failed, a host gone). */
  NOT_READY: 4409,
  /** The lab was destroyed or reset. */
  GONE: 4410,
  /** The engine does not answer, or the server is shutting down while the terminal opens. */
  ENGINE_DOWN: 4503,
} as const;

const CLOSE_BY_STATUS = new Map<number, number>([
  [401, CLOSE.NO_IDENTITY],
  [404, CLOSE.NOT_FOUND],
  [409, CLOSE.NOT_READY],
  [410, CLOSE.GONE],
  [503, CLOSE.ENGINE_DOWN],
]);

/** The close code for an error with this HTTP status: 4000 + the status where the protocol names one, else 1011. */
export function closeCodeForStatus(status: number): number {
  return CLOSE_BY_STATUS.get(status) ?? CLOSE.INTERNAL;
}

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

const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.trunc(n) || lo));

/** A terminal size inside the limits the protocol allows (0×0 and 100000×100000 alike). */
export function clampSize(size: Size): Size {
  return { cols: clamp(size.cols, LIMITS.cols.min, LIMITS.cols.max), rows: clamp(size.rows, LIMITS.rows.min, LIMITS.rows.max) };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A frame: the type byte, then the payload (a string goes as UTF-8). */
export function frame(type: number, payload?: Uint8Array | string): Uint8Array<ArrayBuffer> {
  const body = typeof payload === 'string' ? encoder.encode(payload) : payload;
  const out = new Uint8Array(1 + (body?.length ?? 0));
  out[0] = type;
  if (body) out.set(body, 1);
  return out;
}

const view = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

// ---------------------------------------------------------------- client → server

/** One INPUT frame, whatever its size (the server refuses one over LIMITS.maxInput; clients send inputFrames). */
export const inputFrame = (data: Uint8Array | string) => frame(C2S.INPUT, data);

/** INPUT frames for text or bytes (keystrokes, paste), split so that none is over LIMITS.maxInput. */
export function inputFrames(data: Uint8Array | string): Uint8Array<ArrayBuffer>[] {
  const bytes = typeof data === 'string' ? encoder.encode(data) : data;
  const frames: Uint8Array<ArrayBuffer>[] = [];
  for (let i = 0; i < bytes.length; i += LIMITS.maxInput) frames.push(frame(C2S.INPUT, bytes.subarray(i, i + LIMITS.maxInput)));
  return frames;
}

/** RESIZE to a size inside the protocol's limits. */
export function resizeFrame(size: Size): Uint8Array<ArrayBuffer> {
  const { cols, rows } = clampSize(size);
  const out = frame(C2S.RESIZE, new Uint8Array(4));
  view(out).setUint16(1, cols);
  view(out).setUint16(3, rows);
  return out;
}

/** ACK: this many more output bytes were processed (written to the screen). */
export function ackFrame(bytes: number): Uint8Array<ArrayBuffer> {
  const out = frame(C2S.ACK, new Uint8Array(4));
  view(out).setUint32(1, bytes >>> 0);
  return out;
}

/** PING with a token the server echoes in its PONG. */
export const pingFrame = (token: number | string) => frame(C2S.PING, String(token));
export const pauseFrame = () => frame(C2S.PAUSE);
export const resumeFrame = () => frame(C2S.RESUME);

export type ClientFrame =
  | { type: 'input'; data: Uint8Array }
  | ({ type: 'resize' } & Size)
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'ping'; data: Uint8Array }
  | { type: 'ack'; bytes: number }
  | { type: 'invalid'; reason: string };

/** One client frame; `invalid` (with why) for anything the protocol does not allow. Payloads are views of `data`. */
export function decodeClientFrame(props: { data: Uint8Array; binary: boolean }): ClientFrame {
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
      return { type: 'resize', ...clampSize({ cols: view(payload).getUint16(0), rows: view(payload).getUint16(2) }) };
    case C2S.PAUSE:
      return { type: 'pause' };
    case C2S.RESUME:
      return { type: 'resume' };
    case C2S.PING:
      if (payload.length > LIMITS.maxPing) return { type: 'invalid', reason: `PING over ${LIMITS.maxPing} bytes` };
      return { type: 'ping', data: payload };
    case C2S.ACK:
      if (payload.length !== 4) return { type: 'invalid', reason: 'ACK needs 4 bytes' };
      return { type: 'ack', bytes: view(payload).getUint32(0) };
    default:
      return { type: 'invalid', reason: `unknown frame type 0x${data[0]!.toString(16).padStart(2, '0')}` };
  }
}

// ---------------------------------------------------------------- server → client

export const outputFrame = (data: Uint8Array) => frame(S2C.OUTPUT, data);
/** SNAPSHOT: the screen as escape sequences, for a client that (re)joins a session. */
export const snapshotFrame = (text: string) => frame(S2C.SNAPSHOT, text);
/** PONG echoes the PING's payload. */
export const pongFrame = (data: Uint8Array) => frame(S2C.PONG, data);
/** EXIT: the shell's exit code (-1 when the engine cannot tell). */
export const exitFrame = (code: number | null) => frame(S2C.EXIT, JSON.stringify({ code: code ?? -1 }));
/** ERROR: a stable code and a message for the learner; the close follows. */
export const errorFrame = (error: { code: string; message: string }) => frame(S2C.ERROR, JSON.stringify({ error: error.code, message: error.message }));

export type ServerFrame =
  | { type: 'output'; data: Uint8Array }
  | { type: 'snapshot'; data: Uint8Array }
  | { type: 'pong'; data: Uint8Array }
  | { type: 'exit'; code: number }
  | { type: 'error'; error: string; message: string }
  | { type: 'unknown'; byte: number };

/** One server frame; a frame of a type this client does not know is `unknown`, never an exception. */
export function decodeServerFrame(data: Uint8Array): ServerFrame {
  const payload = data.subarray(1);
  const json = (): Record<string, unknown> => {
    try {
      const value: unknown = JSON.parse(decoder.decode(payload));
      return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  };
  switch (data[0]) {
    case S2C.OUTPUT:
      return { type: 'output', data: payload };
    case S2C.SNAPSHOT:
      return { type: 'snapshot', data: payload };
    case S2C.PONG:
      return { type: 'pong', data: payload };
    case S2C.EXIT: {
      const { code } = json();
      return { type: 'exit', code: typeof code === 'number' ? code : -1 };
    }
    case S2C.ERROR: {
      const j = json();
      return { type: 'error', error: String(j.error ?? 'ERROR'), message: String(j.message ?? 'The terminal failed.') };
    }
    default:
      return { type: 'unknown', byte: data[0] ?? -1 };
  }
}
