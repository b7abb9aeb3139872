// The admin API, for the admin role only (bearer tokens from OPSLAB_TOKENS):
// POST /api/admin/engine/console/ticket trades the admin token for a one-time ticket (tickets.ts);
// GET /api/admin/engine/console is the vm engine's serial console on a websocket (bridge.ts), for
// debugging an engine from a browser. A browser opens it with a ticket (it cannot set
// Authorization on a websocket); other clients may send the admin token itself.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ConsoleTicketView } from '../../../../shared/admin-api.js';
import type { EngineConsole } from '../../../engine/vm/index.js';
import { OpslabError } from '../../../errors.js';
import { CLOSE } from '../../../terminal/protocol.js';
import { closeSocket, keepAlive } from '../../../terminal/socket.js';
import { requireRole } from '../../plugins/identity.js';
import { bridgeConsole } from './bridge.js';
import { noBody } from '../labs/schemas.js';
import { consoleQuery, consoleResponse, ticketResponse } from './schemas.js';
import { ConsoleTickets } from './tickets.js';

export interface AdminRouteOptions {
  /** The running vm engine's serial console, when there is one right now. */
  engineConsole?: () => EngineConsole | undefined;
  /** The ticket book (default: a new one). */
  tickets?: ConsoleTickets;
}

export const CONSOLE_PATH = '/api/admin/engine/console';

interface ConsoleRequest {
  Querystring: { ticket?: string; cols?: string; rows?: string };
}

export async function adminRoutes(app: FastifyInstance, opts: AdminRouteOptions): Promise<void> {
  const tickets = opts.tickets ?? new ConsoleTickets();
  const engineConsole = (): EngineConsole => {
    const found = opts.engineConsole?.();
    if (!found) throw new OpslabError('ENGINE_CONSOLE_UNAVAILABLE');
    return found;
  };

  // The websocket layer is the app's (plugins/websockets.ts): it closes this route's sockets too.
  const tags = ['admin'];
  const security = [{ bearer: [] }];
  const ticketSchema = {
    summary: 'Trade the admin token for a one-time engine console ticket',
    description: '503 `ENGINE_CONSOLE_UNAVAILABLE` while no vm engine runs.',
    tags,
    security,
    body: noBody,
    response: ticketResponse,
  };
  app.post(`${CONSOLE_PATH}/ticket`, { schema: ticketSchema }, async (req): Promise<ConsoleTicketView> => {
    requireRole(req, 'admin');
    engineConsole();
    const { ticket, expiresInMs } = tickets.issue(req.identity);
    req.log.info({ admin: req.identity.id }, 'engine console: ticket issued');
    return { ticket, expiresInMs, path: CONSOLE_PATH };
  });

  app.get<ConsoleRequest>(
    CONSOLE_PATH,
    {
      websocket: true,
      schema: {
        summary: "The vm engine's serial console (websocket)",
        description:
          "For admins: the console's last 200 lines first, EXIT and close 1000 when QEMU exits. A browser opens it with a ticket (single use, 30 s; 401 `CONSOLE_TICKET_INVALID` otherwise), other clients may send the admin token; learners 401, other roles 403, before any upgrade. The web app's page: /admin/console.",
        tags,
        security,
        querystring: consoleQuery,
        response: consoleResponse,
      },
      // Refusals are HTTP answers (JSON from the error catalog) before any upgrade.
      preHandler: async (req) => {
        if (!req.ws) throw new OpslabError('BAD_REQUEST', `${CONSOLE_PATH} is a websocket: open it with an upgrade request (the admin console page does).`);
        req.identity = consoleCaller({ req, tickets });
        engineConsole();
      },
    },
    (socket, req) => {
      const admin = req.identity.id;
      let found: EngineConsole;
      try {
        found = engineConsole(); // gone since the check: QEMU exited in between
      } catch (e) {
        const error = e as OpslabError;
        return closeSocket({ ws: socket, code: CLOSE.ENGINE_DOWN, reason: error.code, error: { code: error.code, message: error.message } });
      }
      keepAlive(socket, 30_000); // a vanished admin's browser stops being fed within a minute
      req.log.info({ admin }, 'engine console: opened');
      bridgeConsole({
        socket,
        console: found,
        size: { cols: intOf(req.query.cols), rows: intOf(req.query.rows) },
        onEnd: (why) => req.log.info({ admin, why }, 'engine console: closed'),
      });
    },
  );
}

/**
 * Who opens the console: the admin a valid ticket was issued to, or an admin's bearer token. A used,
 * expired or unknown ticket is refused (401) whoever presents it; no ticket: 403 for a token of
 * another role, 401 for anyone else (learners).
 */
function consoleCaller(props: { req: FastifyRequest<ConsoleRequest>; tickets: ConsoleTickets }) {
  const { req, tickets } = props;
  const { ticket } = req.query;
  if (ticket !== undefined) {
    const who = tickets.redeem(ticket);
    if (!who) throw new OpslabError('CONSOLE_TICKET_INVALID');
    return who;
  }
  if (req.identity.role === 'learner') {
    throw new OpslabError('UNAUTHENTICATED', `The engine console is for admins: open it with a ticket (POST ${CONSOLE_PATH}/ticket with an admin token) or an admin bearer token.`);
  }
  requireRole(req, 'admin');
  return req.identity;
}

const intOf = (s: string | undefined) => (s === undefined ? undefined : Number(s));
