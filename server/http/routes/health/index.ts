import type { FastifyInstance } from 'fastify';
import type { Curriculum } from '../../../curriculum/index.js';
import type { EngineHealth } from '../../../engine/bring-up.js';
import type { PoolStatus } from '../../../lab/pool.js';

export interface HealthOptions {
  curriculum: () => Curriculum;
  /**
   * Every engine that is up or was brought up, the local one first (the vm engine also says whether
   * it resumed or booted, and how long that took); when a lab service is wired.
   */
  engines?: () => Promise<EngineHealth[]>;
  /** Warm labs per exercise (lab/pool.ts). */
  warmLabs?: () => PoolStatus;
}

/**
 * GET /api/health: 200 while an engine answers (one of a pool may be down: the server still serves
 * the others' labs, so a load balancer must keep it), 503 when none does. Says how many exercises
 * there are, how each engine is (with its load and drain flag where a store counts them), and how
 * many warm labs are ready: no learner's data.
 */
export async function healthRoutes(app: FastifyInstance, opts: HealthOptions): Promise<void> {
  app.get('/api/health', async (_req, reply) => {
    const engines = opts.engines ? await opts.engines().catch(() => []) : undefined;
    const first = engines?.find((e) => e.up) ?? engines?.[0];
    const engine = engines && (first ? { up: first.up, kind: first.kind, description: first.description } : { up: false, kind: 'none', description: 'no engine' });
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
