// The terminal websocket protocol (docs/terminal-protocol.md): binary frames, first byte = type.

export const C2S = { INPUT: 0x00, RESIZE: 0x01, PAUSE: 0x02, RESUME: 0x03, PING: 0x04, ACK: 0x05 } as const;
export const S2C = { OUTPUT: 0x00, SNAPSHOT: 0x01, PONG: 0x04, EXIT: 0x06, ERROR: 0x07 } as const;

export const MAX_INPUT = 64 * 1024;

/** Close codes the server uses, and what the client does about them. */
export const CLOSE = {
  SHELL_EXITED: 1000,
  PROTOCOL: 1008,
  REPLACED: 4000,
  NO_IDENTITY: 4401,
  NOT_FOUND: 4404,
  NOT_READY: 4409,
  LAB_GONE: 4410,
  ENGINE_DOWN: 4503,
} as const;

const encoder = new TextEncoder();

function frame(type: number, payload?: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(1 + (payload?.length ?? 0));
  out[0] = type;
  if (payload) out.set(payload, 1);
  return out;
}

/** INPUT frames for text (keystrokes, paste), split so no frame passes 64 KiB. */
export function inputFrames(data: string | Uint8Array): Uint8Array<ArrayBuffer>[] {
  const bytes = typeof data === 'string' ? encoder.encode(data) : data;
  const frames: Uint8Array<ArrayBuffer>[] = [];
  for (let i = 0; i < bytes.length; i += MAX_INPUT - 1) frames.push(frame(C2S.INPUT, bytes.subarray(i, i + MAX_INPUT - 1)));
  return frames;
}

export function resizeFrame(cols: number, rows: number): Uint8Array<ArrayBuffer> {
  const out = frame(C2S.RESIZE, new Uint8Array(4));
  const view = new DataView(out.buffer);
  view.setUint16(1, Math.max(2, Math.min(500, cols)));
  view.setUint16(3, Math.max(1, Math.min(200, rows)));
  return out;
}

export function ackFrame(bytes: number): Uint8Array<ArrayBuffer> {
  const out = frame(C2S.ACK, new Uint8Array(4));
  new DataView(out.buffer).setUint32(1, bytes >>> 0);
  return out;
}

export const pingFrame = (token: number) => frame(C2S.PING, encoder.encode(String(token)));
export const pauseFrame = () => frame(C2S.PAUSE);
export const resumeFrame = () => frame(C2S.RESUME);

export type ServerFrame =
  | { type: 'output'; data: Uint8Array }
  | { type: 'snapshot'; data: Uint8Array }
  | { type: 'pong'; token: number }
  | { type: 'exit'; code: number }
  | { type: 'error'; error: string; message: string }
  | { type: 'unknown'; byte: number };

export function parseFrame(buf: ArrayBuffer): ServerFrame {
  const bytes = new Uint8Array(buf);
  const payload = bytes.subarray(1);
  const json = () => {
    try {
      return JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
    } catch {
      return {};
    }
  };
  switch (bytes[0]) {
    case S2C.OUTPUT:
      return { type: 'output', data: payload };
    case S2C.SNAPSHOT:
      return { type: 'snapshot', data: payload };
    case S2C.PONG:
      return { type: 'pong', token: Number(new TextDecoder().decode(payload)) };
    case S2C.EXIT: {
      const code = json().code;
      return { type: 'exit', code: typeof code === 'number' ? code : -1 };
    }
    case S2C.ERROR: {
      const j = json();
      return { type: 'error', error: String(j.error ?? 'ERROR'), message: String(j.message ?? 'The terminal failed.') };
    }
    default:
      return { type: 'unknown', byte: bytes[0] ?? -1 };
  }
}
