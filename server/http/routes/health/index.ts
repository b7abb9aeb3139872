import type { FastifyInstance } from 'fastify';
import type { Curriculum } from '../../../curriculum/index.js';

export interface HealthOptions {
  curriculum: () => Curriculum;
  /** Engine status, when a lab service is wired. */
  engine?: () => Promise<{ up: boolean; kind: string; description: string }>;
}

export async function healthRoutes(app: FastifyInstance, opts: HealthOptions): Promise<void> {
  app.get('/api/health', async (_req, reply) => {
    const engine = opts.engine ? await opts.engine().catch(() => ({ up: false, kind: 'unknown', description: 'no answer' })) : undefined;
    const ok = !engine || engine.up;
    return reply.status(ok ? 200 : 503).send({
      status: ok ? 'ok' : 'degraded',
      exercises: opts.curriculum().exercises.size,
      ...(engine ? { engine } : {}),
    });
  });
}
