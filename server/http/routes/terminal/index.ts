// GET /api/labs/:id/hosts/:host/terminal: the websocket of one lab host's terminal
// (docs/terminal-protocol.md). The handler only finds the learner and hands the socket to the hub;
// a failure is an ERROR frame and a close code, never an HTTP error after the upgrade.
import type { FastifyInstance } from 'fastify';
import type { TerminalHub } from '../../../terminal/hub.js';
import { closeCodeOf } from '../../../terminal/protocol.js';
import { closeSocket, keepAlive } from '../../../terminal/socket.js';
import { isOpslabError } from '../../../errors.js';

export interface TerminalRouteOptions {
  /** The server's hub (buildApp makes it, and closes it before the websocket server: see websockets.ts). */
  hub: TerminalHub;
  /** Ping the client this often; a client that misses a whole period is dropped (30 s). */
  heartbeatMs?: number;
}

interface TerminalRequest {
  Params: { id: string; host: string };
  Querystring: { cols?: string; rows?: string };
}

export async function terminalRoutes(app: FastifyInstance, opts: TerminalRouteOptions): Promise<void> {
  const { hub } = opts;
  app.addHook('onClose', async () => hub.close());

  app.get<TerminalRequest>('/api/labs/:id/hosts/:host/terminal', { websocket: true }, async (socket, req) => {
    socket.pause(); // frames wait in the kernel until the session takes the socket
    keepAlive(socket, opts.heartbeatMs ?? 30_000);
    try {
      await hub.connect({
        labId: req.params.id,
        host: req.params.host,
        learner: req.identity.id,
        socket,
        size: { cols: intOf(req.query.cols), rows: intOf(req.query.rows) },
      });
    } catch (e) {
      if (!isOpslabError(e) || e.status >= 500) req.log.warn({ err: e }, 'terminal failed to open');
      const code = isOpslabError(e) ? e.code : 'INTERNAL';
      const message = isOpslabError(e) ? e.message : 'The terminal could not be opened; it has been logged.';
      closeSocket({ ws: socket, code: closeCodeOf(e), reason: code, error: { code, message } });
    }
  });
}

const intOf = (s: string | undefined) => (s && /^\d{1,6}$/.test(s) ? Number(s) : undefined);
