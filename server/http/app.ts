// buildApp creates the fastify app; only cli/serve.ts calls listen and handles signals.
import { existsSync } from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Curriculum, CurriculumSource } from '../curriculum/index.js';
import { installErrorHandling } from './plugins/errors.js';
import { installIdentity, type Identity } from './plugins/identity.js';
import { exerciseRoutes, type ExerciseRouteOptions } from './routes/exercises/index.js';
import { healthRoutes, type HealthOptions } from './routes/health/index.js';
import { roadmapRoutes } from './routes/roadmap/index.js';
import { meRoutes } from './routes/me/index.js';
import type { Store } from '../store/index.js';

export interface AppOptions {
  curriculum: CurriculumSource | Curriculum;
  secret: string;
  tokens?: Record<string, Identity>;
  /** Built web app to serve at / (web/dist); skipped when absent. */
  webDir?: string;
  logger?: boolean;
  onAnswer?: ExerciseRouteOptions['onAnswer'];
  engineStatus?: HealthOptions['engine'];
  /** Progress and learners; without it nothing is remembered. */
  store?: Store;
  /** Extra route plugins (labs, terminal, grading) registered by the caller. */
  plugins?: ((app: FastifyInstance) => Promise<void>)[];
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ? { level: process.env.OPSLAB_LOG_LEVEL ?? 'info' } : false,
    bodyLimit: 256 * 1024,
    routerOptions: { maxParamLength: 200 },
    trustProxy: false,
    // Strict request validation: a number is not a string and unknown keys are refused, not dropped.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
  });
  const source = opts.curriculum;
  const curriculum = () => ('curriculum' in source ? source.curriculum : source);

  const spa = opts.webDir && existsSync(path.join(opts.webDir, 'index.html')) ? path.resolve(opts.webDir) : undefined;
  installErrorHandling(app, { spa: Boolean(spa) });
  installIdentity(app, { secret: opts.secret, tokens: opts.tokens });
  await app.register(roadmapRoutes, { curriculum });
  const store = opts.store;
  const onAnswer = opts.onAnswer ?? (store ? (a: Parameters<NonNullable<ExerciseRouteOptions['onAnswer']>>[0]) => store.recordAnswer(a) : undefined);
  await app.register(exerciseRoutes, { curriculum, onAnswer });
  if (store) await app.register(meRoutes, { store });
  await app.register(healthRoutes, { curriculum, engine: opts.engineStatus });
  for (const plugin of opts.plugins ?? []) await plugin(app);

  if (spa) {
    const { default: fastifyStatic } = await import('@fastify/static');
    await app.register(fastifyStatic, { root: spa, wildcard: false });
  }
  return app;
}
