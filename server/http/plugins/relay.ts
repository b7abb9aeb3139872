// Terminal connections relayed by another server of the cluster (terminal/relay.ts) carry a header
// signed with the shared secret; it is checked here, before the rate limits, so they are not counted
// twice (the relaying server counted the learner's own request) nor against that server's address.
import type { FastifyInstance } from 'fastify';
import { RELAY_HEADER, verifyRelay } from '../../terminal/relay.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The server of the cluster that relayed this terminal connection (a verified signature), if one did. */
    relayedBy?: string;
  }
}

/**
 * Marks terminal upgrades that carry a valid relay signature of the cluster (`req.relayedBy`),
 * before the rate limits count them: the relaying server already counted the learner's request.
 */
export function installRelayCheck(app: FastifyInstance, secret: string): void {
  app.decorateRequest('relayedBy', undefined);
  app.addHook('onRequest', async (req) => {
    const value = req.headers[RELAY_HEADER];
    if (value === undefined) return;
    req.relayedBy = verifyRelay({ secret, value, path: req.url.split('?')[0]! });
  });
}

