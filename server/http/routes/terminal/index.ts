// GET /api/labs/:id/hosts/:host/terminal: the websocket of one lab host's terminal
// (docs/terminal-protocol.md). The handler only finds the learner and hands the socket to the hub;
// a failure is an ERROR frame and a close code, never an HTTP error after the upgrade.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { RELAY_HEADER, RelayRefused, relayTerminal, signRelay, type TerminalCluster } from '../../../terminal/relay.js';
import type { TerminalHub } from '../../../terminal/hub.js';
import { closeCodeOf } from '../../../terminal/protocol.js';
import { closeSocket, keepAlive } from '../../../terminal/socket.js';
import { isOpslabError, OpslabError } from '../../../errors.js';
import { errorSchema } from '../../plugins/errors.js';
import { hostName, labParams } from '../labs/schemas.js';

export interface TerminalRouteOptions {
  /** The server's hub (buildApp makes it, and closes it before the websocket server: see websockets.ts). */
  hub: TerminalHub;
  /** Ping the client this often; a client that misses a whole period is dropped (30 s). */
  heartbeatMs?: number;
  /** Servers sharing a store: a terminal another server holds is relayed there (terminal/relay.ts). */
  cluster?: TerminalCluster;
}

const terminalSchema = {
  summary: "A lab host's shell (websocket)",
  description:
    "One shell per (lab, host, learner): a second connection takes it over, with the screen as it was. Binary frames with flow control (docs/terminal-protocol.md). Once upgraded, a failure is an ERROR frame and a close code (4404: not your lab or no such host), never an HTTP status.",
  tags: ['terminal'],
  params: {
    type: 'object',
    required: ['id', 'host'],
    properties: { id: labParams.properties.id, host: hostName },
  },
  querystring: {
    type: 'object',
    description: 'The size of a new shell (a joining client sends RESIZE instead); 80×24 by default.',
    properties: { cols: { type: 'string', pattern: '^[0-9]{1,6}$' }, rows: { type: 'string', pattern: '^[0-9]{1,6}$' } },
  },
  response: {
    101: { description: 'Switching to the websocket.', type: 'null' },
    '4xx': { ...errorSchema, description: 'Refused before the upgrade (a bad id, another origin, a rate limit).' },
  },
} as const;

interface TerminalRequest {
  Params: { id: string; host: string };
  Querystring: { cols?: string; rows?: string };
}

export async function terminalRoutes(app: FastifyInstance, opts: TerminalRouteOptions): Promise<void> {
  const { hub, cluster } = opts;
  app.addHook('onClose', async () => hub.close());

  /**
   * True when the terminal is another server's and the socket now goes there. A connection relayed
   * to us (signed by a server of the cluster) is ours to serve; one whose holder does not answer is
   * taken over here.
   */
  const relayed = async (req: FastifyRequest<TerminalRequest>, socket: WebSocket): Promise<boolean> => {
    const c = cluster!;
    const path = `/api/labs/${req.params.id}/hosts/${req.params.host}/terminal`;
    if (req.relayedBy) return false; // relayed to us: ours to serve (installRelayCheck verified it)
    const who = { lab: req.params.id, host: req.params.host, learner: req.identity.id };
    const holder = await c.claim(who);
    if (holder.server === c.server) return false;
    if (holder.url) {
      const query = new URLSearchParams(Object.entries(req.query).filter((e): e is [string, string] => typeof e[1] === 'string')).toString();
      const headers: Record<string, string> = { [RELAY_HEADER]: signRelay({ secret: c.secret, server: c.server, path }) };
      for (const h of ['cookie', 'origin', 'host', 'authorization', 'user-agent'] as const) {
        const v = req.headers[h];
        if (typeof v === 'string') headers[h] = v;
      }
      try {
        await relayTerminal({ client: socket, url: `${holder.url.replace(/^http/, 'ws')}${path}${query ? `?${query}` : ''}`, headers });
        return true;
      } catch (e) {
        // Refused by a holder that answered (the lab reset meanwhile, a limit): it is alive, its answer stands.
        if (e instanceof RelayRefused) throw new OpslabError('LAB_NOT_READY', 'The terminal could not be opened on the server holding it; open it again.');
        req.log.warn({ err: e, holder: holder.server }, 'terminal holder did not answer: taking the terminal over');
      }
    }
    await c.claim({ ...who, force: true });
    return false;
  };

  app.get<TerminalRequest>('/api/labs/:id/hosts/:host/terminal', { websocket: true, schema: terminalSchema }, async (socket, req) => {
    socket.pause(); // frames wait in the kernel until the session takes the socket
    keepAlive(socket, opts.heartbeatMs ?? 30_000);
    try {
      if (cluster && (await relayed(req, socket))) return;
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
