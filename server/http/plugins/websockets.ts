// The websocket layer, registered once for the whole app: it listens for every upgrade on the
// server and routes it through fastify to the route that takes it (lab terminals, the admin engine
// console). Registered twice, each upgrade would be routed twice. Frames over MAX_FRAME are refused
// by the layer itself (close 1009); the protocol's own limits (an INPUT of 64 KiB) are the routes'.
import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import type { TerminalHub } from '../../terminal/hub.js';
import { CLOSE } from '../../terminal/protocol.js';
import { closeSocket } from '../../terminal/socket.js';

/** Frames larger than this are refused by the websocket layer (close 1009). */
export const MAX_FRAME = 1024 * 1024;

export async function installWebsockets(app: FastifyInstance, props: { hub: TerminalHub }): Promise<void> {
  await app.register(websocket, {
    options: { maxPayload: MAX_FRAME },
    // On close: terminal sessions first (they close their sockets with 1001 and hang their shells
    // up), then every other socket (the console, terminals still opening) with 1001 too.
    preClose: async function (this: FastifyInstance) {
      await props.hub.close();
      for (const ws of this.websocketServer.clients) closeSocket({ ws, code: CLOSE.GOING_AWAY, reason: 'server shutting down' });
      await new Promise<void>((resolve) => this.websocketServer.close(() => resolve()));
    },
  });
}
