// The engine console on a websocket, in the lab terminals' binary frames (docs/terminal-protocol.md):
// OUTPUT for console output (first the console's recent past), INPUT and RESIZE from the client,
// PING answered with PONG, EXIT and close 1000 when QEMU exits. No flow control: a serial console
// is slow, and QEMU is never held back for a watcher; a client that stops reading is dropped.
import type { WebSocket } from 'ws';
import type { ConsoleAttachment, EngineConsole } from '../../../engine/vm/index.js';
import { CLOSE, clampSize, decodeClientFrame, exitFrame, outputFrame, pongFrame } from '../../../terminal/protocol.js';
import { closeSocket, toBuffer } from '../../../terminal/socket.js';

/** Output queued in the socket beyond this: the client does not read, and is dropped. */
const MAX_BUFFERED = 1024 * 1024;
/** Lines of the console's past a new watcher starts with. */
const BACKLOG_LINES = 200;

export function bridgeConsole(props: {
  socket: WebSocket;
  console: EngineConsole;
  size?: { cols?: number; rows?: number };
  /** Called once when the bridge ends, with why. */
  onEnd?: (why: string) => void;
}): void {
  const { socket } = props;
  let handle: ConsoleAttachment | undefined;
  let ended = false;
  const end = (why: string, close: () => void) => {
    if (ended) return;
    ended = true;
    handle?.detach();
    close();
    props.onEnd?.(why);
  };
  handle = props.console.attachConsole({
    backlog: BACKLOG_LINES,
    onData: (data) => {
      if (ended || socket.readyState !== socket.OPEN) return;
      if (socket.bufferedAmount > MAX_BUFFERED) return end('the client did not read', () => closeSocket({ ws: socket, code: CLOSE.GOING_AWAY, reason: 'client too slow' }));
      socket.send(outputFrame(data));
    },
    onExit: (exit) =>
      end(`QEMU exited (${exit.code ?? exit.signal})`, () => {
        if (socket.readyState === socket.OPEN) socket.send(exitFrame(exit.code));
        closeSocket({ ws: socket, code: CLOSE.EXITED, reason: 'the VM exited' });
      }),
  });
  if (ended) return;
  const { cols, rows } = props.size ?? {};
  if (cols && rows) {
    const size = clampSize({ cols, rows });
    handle.resize(size.cols, size.rows);
  }
  socket.on('message', (data: Buffer | ArrayBuffer | Buffer[], binary: boolean) => {
    const frame = decodeClientFrame({ data: toBuffer(data), binary });
    switch (frame.type) {
      case 'input':
        handle?.write(frame.data);
        break;
      case 'resize':
        handle?.resize(frame.cols, frame.rows);
        break;
      case 'ping':
        if (socket.readyState === socket.OPEN) socket.send(pongFrame(frame.data));
        break;
      case 'invalid':
        end(`a bad frame (${frame.reason})`, () => closeSocket({ ws: socket, code: CLOSE.PROTOCOL, reason: 'BAD_REQUEST', error: { code: 'BAD_REQUEST', message: frame.reason } }));
        break;
      default:
        break; // ACK, PAUSE, RESUME: no flow control here
    }
  });
  socket.on('close', () => end('the client closed the socket', () => {}));
}
