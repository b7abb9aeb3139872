// GET /metrics: Prometheus' text format, for the metrics token or an admin (plugins/metrics.ts says why).
import type { FastifyInstance } from 'fastify';
import { OpslabError } from '../../../errors.js';
import type { PlatformMetrics } from '../../../metrics/platform.js';
import { errorSchema } from '../../plugins/errors.js';
import { METRICS_PATH } from '../../plugins/metrics.js';
import { PROBE } from '../../plugins/probes.js';

export async function metricsRoutes(app: FastifyInstance, opts: { metrics: PlatformMetrics }): Promise<void> {
  app.get(
    METRICS_PATH,
    {
      config: PROBE,
      schema: {
        summary: 'Prometheus metrics (for OPSLAB_METRICS_TOKEN or an admin token)',
        description:
          'Labs by state and engine, lab start and check durations, check runs by status, terminal sessions, warm labs, engine health, HTTP latency by route pattern, and the process. `Authorization: Bearer` with `OPSLAB_METRICS_TOKEN` (or an admin token); anyone else 401, other roles 403. Alert rules and a dashboard: deploy/monitoring/.',
        tags: ['operations'],
        security: [{ bearer: [] }],
        response: {
          200: { description: 'The Prometheus text exposition format (0.0.4).', content: { 'text/plain': { schema: { type: 'string' } } } },
          401: { ...errorSchema, description: 'No metrics or admin token.' },
          403: { ...errorSchema, description: 'A token of another role.' },
        },
      },
    },
    async (req, reply) => {
      if (!req.metricsReader) {
        const { role } = req.identity;
        if (role === 'learner') throw new OpslabError('UNAUTHENTICATED', `${METRICS_PATH} is for the metrics scraper: send Authorization: Bearer with OPSLAB_METRICS_TOKEN (or an admin token).`);
        if (role !== 'admin') throw new OpslabError('FORBIDDEN', `${METRICS_PATH} needs OPSLAB_METRICS_TOKEN or an admin token; a ${role} token does not open it.`);
      }
      return reply.header('cache-control', 'no-store').type(opts.metrics.contentType).send(await opts.metrics.text());
    },
  );
}
