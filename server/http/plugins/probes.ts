// The routes orchestrators' probes and the metrics scraper ask. They answer whatever `Host` names
// the server (a pod's IP, 127.0.0.1 behind nginx: origin.ts), and the per-address request limit
// does not count them (limits.ts): with PostgreSQL that counter is the database, and an outage of
// it must neither fail liveness (every server restarted, every terminal cut) nor hide readiness's
// reasons. None says anything private or acts with a learner's cookie; /metrics wants its token.
// A probe request that carries a bearer token (other than the metrics token) is counted all the
// same: it is an attempt to authenticate.
// A route says it is one with `config: PROBE` (the health routes, /metrics).
import type { FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A probe route: see plugins/probes.ts for what that exempts it from. */
    probe?: boolean;
  }
}

/** The route config of a probe route. */
export const PROBE = { probe: true } as const;

/** A GET of a probe route (by the matched route, so neither the query string nor the URL's spelling matter). */
export const isProbe = (req: FastifyRequest): boolean => req.method === 'GET' && req.routeOptions.config?.probe === true;

/**
 * A probe the request limit does not count: one that presents no bearer token (the metrics
 * token is taken off the scraper's request before the limit looks: plugins/metrics.ts). A probe
 * with any other token is an attempt to authenticate, counted as every request is: otherwise
 * tokens could be tried without end through /api/health/live.
 */
export const isUncountedProbe = (req: FastifyRequest): boolean => isProbe(req) && req.headers.authorization === undefined;
