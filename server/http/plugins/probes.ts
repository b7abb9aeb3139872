// The routes orchestrators' probes and the metrics scraper ask. They answer whatever `Host` names
// the server (a pod's IP, 127.0.0.1 behind nginx: origin.ts), and the per-address request limit
// does not count them (limits.ts): with PostgreSQL that counter is the database, and an outage of
// it must neither fail liveness (every server restarted, every terminal cut) nor hide readiness's
// reasons. None says anything private or acts with a learner's cookie; /metrics wants its token.
import type { FastifyRequest } from 'fastify';
import { METRICS_PATH } from './metrics.js';

const PROBE_ROUTES: ReadonlySet<string> = new Set(['/api/health', '/api/health/live', '/api/health/ready', METRICS_PATH]);

/** A GET of a probe route (by its route pattern, so a query string changes nothing). */
export const isProbe = (req: FastifyRequest): boolean => req.method === 'GET' && PROBE_ROUTES.has(req.routeOptions.url ?? '');
