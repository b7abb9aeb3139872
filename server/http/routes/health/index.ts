import type { FastifyInstance } from 'fastify';
import type { Curriculum } from '../../../curriculum/index.js';
import type { EngineHealth } from '../../../engine/bring-up.js';
import type { PoolStatus } from '../../../lab/pool.js';

export interface HealthOptions {
  curriculum: () => Curriculum;
  /** Engine status, when a lab service is wired. */
  engine?: () => Promise<{ up: boolean; kind: string; description: string }>;
  /** Every engine that is up or was brought up (the vm engine: resumed or booted, how long it took). */
  engines?: () => Promise<EngineHealth[]>;
  /** Warm labs per exercise (lab/pool.ts). */
  warmLabs?: () => PoolStatus;
}

/**
 * GET /api/health: 200 while the local engine answers, 503 otherwise. Says how many exercises
 * there are, how each engine is, and how many warm labs are ready: no learner's data.
 */
export async function healthRoutes(app: FastifyInstance, opts: HealthOptions): Promise<void> {
  app.get('/api/health', async (_req, reply) => {
    const engine = opts.engine ? await opts.engine().catch(() => ({ up: false, kind: 'unknown', description: 'no answer' })) : undefined;
    const engines = opts.engines ? await opts.engines().catch(() => []) : undefined;
    const ok = !engine || engine.up;
    return reply.status(ok ? 200 : 503).send({
      status: ok ? 'ok' : 'degraded',
      exercises: opts.curriculum().exercises.size,
      ...(engine ? { engine } : {}),
      ...(engines ? { engines } : {}),
      ...(opts.warmLabs ? { warmLabs: opts.warmLabs() } : {}),
    });
  });
}
