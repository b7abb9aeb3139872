// Small helpers for the client's websocket, shared by the session and the route.
import type { WebSocket } from 'ws';
import { errorFrame } from './protocol.js';

/** An ERROR frame when there is an error, then the close; a paused socket is resumed so the closing handshake completes. */
export function closeSocket(props: { ws: WebSocket; code: number; reason?: string; error?: { code: string; message: string } }): void {
  const { ws } = props;
  if (ws.readyState !== ws.OPEN) return;
  if (props.error) ws.send(errorFrame(props.error));
  ws.resume();
  ws.close(props.code, props.reason?.slice(0, 120));
}

export function toBuffer(data: Buffer | ArrayBuffer | Buffer[]): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}

/** Ping every period; terminate a socket that did not answer the previous ping (a vanished client). */
export function keepAlive(socket: WebSocket, periodMs: number): void {
  let alive = true;
  socket.on('pong', () => (alive = true));
  const timer = setInterval(() => {
    if (!alive) return socket.terminate();
    alive = false;
    socket.ping();
  }, periodMs);
  timer.unref();
  socket.once('close', () => clearInterval(timer));
}
