// Prometheus: who may scrape /metrics, and the HTTP latency of every request.
//
// /metrics carries no learner's data, but a public server should not hand its load and its
// exercises' failure rates to strangers, so it is closed by default. It answers an admin's bearer
// token (OPSLAB_TOKENS), and the metrics token (OPSLAB_METRICS_TOKEN) for the scraper: a token that
// opens /metrics and nothing else. The metrics token is not an identity: it is taken off the request
// here, before identity.ts reads bearer tokens, and the request goes on as an anonymous visitor
// marked `metricsReader` (the route checks the mark; no other route reads it).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { digestOf, findByDigest } from '../../auth/tokens.js';
import type { PlatformMetrics } from '../../metrics/platform.js';

export const METRICS_PATH = '/metrics';

declare module 'fastify' {
  interface FastifyRequest {
    /** The request presented the metrics token (OPSLAB_METRICS_TOKEN) to /metrics. */
    metricsReader: boolean;
  }
}

/** Install before the identity plugin: it takes the metrics token off /metrics requests. */
export function installMetricsAccess(app: FastifyInstance, opts: { token?: string }): void {
  app.decorateRequest('metricsReader', false);
  const known = opts.token ? [{ digest: digestOf(opts.token) }] : [];
  app.addHook('onRequest', async (req) => {
    if (!known.length || req.routeOptions.url !== METRICS_PATH) return;
    const auth = req.headers.authorization;
    if (typeof auth !== 'string' || !/^bearer /i.test(auth)) return;
    // Compared by digest in constant time, as TokenTable compares tokens.
    if (!findByDigest(known, auth.slice(7).trim())) return;
    req.metricsReader = true;
    delete req.headers.authorization;
  });
}

/** True for a scrape with the metrics token: no learner identity needs counting or remembering. */
export const isMetricsReader = (req: FastifyRequest): boolean => req.metricsReader === true;

/** Observe every answered request's latency, labelled with its route pattern, never its URL. */
export function installHttpMetrics(app: FastifyInstance, metrics: PlatformMetrics): void {
  app.addHook('onResponse', async (req, reply) => {
    metrics.httpAnswered({ method: req.method, route: req.routeOptions.url, statusCode: reply.statusCode, ms: reply.elapsedTime });
  });
}
