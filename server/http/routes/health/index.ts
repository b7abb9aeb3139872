// Health for people and for load balancers and orchestrators, kept apart:
// - GET /api/health: the engines, the warm labs and the curriculum, 503 while no engine answers (as
//   it always was; `opslab engine status` reads it);
// - GET /api/health/live: 200 whenever this process serves requests. Nothing it depends on is asked,
//   so an engine or database outage never gets every server restarted (and every terminal cut);
// - GET /api/health/ready: 200 when the server can do its work (an engine up, the store answering a
//   cheap query, a course loaded), else 503 with the reasons: take it out of the load balancer.
import type { FastifyInstance } from 'fastify';
import type { Curriculum } from '../../../curriculum/index.js';
import { withDeadline } from '../../../deadline.js';
import type { EngineHealth } from '../../../engine/bring-up.js';
import type { PoolStatus } from '../../../lab/pool.js';
import type { Store } from '../../../store/index.js';
import { healthSchema, liveSchema, readySchema } from './schemas.js';
import { PROBE } from '../../plugins/probes.js';

export interface HealthOptions {
  curriculum: () => Curriculum;
  /**
   * Every engine that is up or was brought up, the local one first (the vm engine also says whether
   * it resumed or booted, and how long that took); when a lab service is wired.
   */
  engines?: () => Promise<EngineHealth[]>;
  /** Warm labs per exercise (lab/pool.ts). */
  warmLabs?: () => PoolStatus;
  /** The store readiness asks a cheap query of, when the server has one. */
  store?: Pick<Store, 'getLearner'>;
  /** How long readiness waits for the engines and for the store (2 s each). */
  readyTimeoutMs?: number;
}

/** A learner id nobody has: readiness looks it up (one indexed read) to see that the store answers. */
const NOBODY = 'l_0000000000000000';

/**
 * `ask`, shared by the callers that come while it is under way (for at most `maxAgeMs`: one that
 * never settles is asked afresh after that). The probes answer anyone with no rate limit, and each
 * asks every engine and the store; a flood of them at once asks once.
 */
function shared<T>(ask: () => Promise<T>, maxAgeMs: number): () => Promise<T> {
  let current: { answer: Promise<T>; since: number } | undefined;
  return () => {
    if (current && Date.now() - current.since < maxAgeMs) return current.answer;
    const answer = ask();
    const mine = { answer, since: Date.now() };
    current = mine;
    const done = () => {
      if (current === mine) current = undefined;
    };
    answer.then(done, done);
    return answer;
  };
}

export async function healthRoutes(app: FastifyInstance, opts: HealthOptions): Promise<void> {
  const tags = ['operations'];
  const timeoutMs = opts.readyTimeoutMs ?? 2000;
  const engines = opts.engines && shared(opts.engines, timeoutMs);
  const store = opts.store;
  const storeAnswers = store && shared(() => store.getLearner(NOBODY), timeoutMs);

  /**
   * 200 while an engine answers (one of a pool may be down: the server still serves the others'
   * labs, so a load balancer must keep it), 503 when none does. Says how many exercises there are,
   * how each engine is (with its load and drain flag where a store counts them), and how many warm
   * labs are ready: no learner's data.
   */
  app.get(
    '/api/health',
    {
      config: PROBE,
      schema: {
        summary: 'Engines, warm labs and the curriculum (503 while no engine answers)',
        description: 'For people and `opslab engine status`. Orchestrators: use /api/health/live and /api/health/ready. Each engine\'s `description` says where it is (its Docker host) only to an admin\'s token; anyone else reads its kind and id there.',
        tags,
        response: { 200: { description: 'An engine answers (or the server has none).', ...healthSchema }, 503: { description: 'No engine answers.', ...healthSchema } },
      },
    },
    async (req, reply) => {
      // Where each engine is (its DOCKER_HOST, socket or forwarded port) is for admins: anyone else
      // reads its id and kind (the route is public, by any Host name).
      const whereabouts = req.identity?.role === 'admin';
      const asked = engines ? await engines().catch(() => []) : undefined;
      const all = asked?.map((e) => (whereabouts ? e : { ...e, description: `${e.kind} engine ${e.id}` }));
      const first = all?.find((e) => e.up) ?? all?.[0];
      const engine = all && (first ? { up: first.up, kind: first.kind, description: first.description } : { up: false, kind: 'none', description: 'no engine' });
      const ok = !engine || engine.up;
      return reply.status(ok ? 200 : 503).send({
        status: ok ? 'ok' : 'degraded',
        exercises: opts.curriculum().exercises.size,
        ...(engine ? { engine } : {}),
        ...(all ? { engines: all } : {}),
        ...(opts.warmLabs ? { warmLabs: opts.warmLabs() } : {}),
      });
    },
  );

  app.get(
    '/api/health/live',
    {
      config: PROBE,
      schema: {
        summary: 'Liveness: 200 whenever the process serves requests',
        description: 'Asks nothing of the engines or the store: an outage of either must not get the server restarted.',
        tags,
        response: { 200: { description: 'The process serves requests.', ...liveSchema } },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/api/health/ready',
    {
      config: PROBE,
      schema: {
        summary: 'Readiness: 200 when an engine is up, the store answers and a course is loaded; else 503 with the reasons',
        tags,
        response: { 200: { description: 'Ready for learners.', ...readySchema }, 503: { description: 'Not ready: take it out of the load balancer.', ...readySchema } },
      },
    },
    async (req, reply) => {
      // Reasons are for anyone (the route is public): what failed, never how (addresses, database
      // errors); those go to the log.
      const reasons: string[] = [];
      const checks: { engine?: boolean; store?: boolean; curriculum: boolean } = { curriculum: opts.curriculum().courses.length > 0 };
      if (!checks.curriculum) reasons.push('no course is loaded (see the server log and `opslab validate`)');
      await Promise.all([
        engines &&
          withDeadline(engines(), timeoutMs, 'the engines')
            .then((engines) => {
              checks.engine = engines.some((e) => e.up);
              if (!checks.engine) reasons.push(engines.length ? `no engine is up (${engines.map((e) => e.id).join(', ')} down)` : 'no engine is configured');
            })
            .catch((e: unknown) => {
              checks.engine = false;
              reasons.push('the engines did not say how they are');
              req.log.warn({ err: e }, 'readiness: the engines did not say how they are');
            }),
        storeAnswers &&
          withDeadline(storeAnswers(), timeoutMs, 'the store')
            .then(() => {
              checks.store = true;
            })
            .catch((e: unknown) => {
              checks.store = false;
              reasons.push('the store does not answer');
              req.log.warn({ err: e }, 'readiness: the store does not answer');
            }),
      ]);
      return reply.status(reasons.length ? 503 : 200).send({ status: reasons.length ? 'not ready' : 'ready', reasons, checks });
    },
  );
}
