// buildApp creates the fastify app, and is the one place its routes are registered; only
// cli/serve.ts calls listen and handles signals.
import { existsSync } from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Curriculum, CurriculumSource } from '../curriculum/index.js';
import { installErrorHandling } from './plugins/errors.js';
import { installSecurityHeaders } from './plugins/headers.js';
import { installIdentity, TokenTable } from './plugins/identity.js';
import { localePlugin } from './plugins/locale.js';
import { DEFAULT_RATE_LIMITS, installRateLimits, type RateCounter, type RateLimitOptions } from './plugins/limits.js';
import { installOriginCheck, originPolicy } from './plugins/origin.js';
import { exerciseRoutes, type ExerciseRouteOptions } from './routes/exercises/index.js';
import { healthRoutes, type HealthOptions } from './routes/health/index.js';
import { roadmapRoutes } from './routes/roadmap/index.js';
import { glossaryRoutes } from './routes/glossary/index.js';
import { meRoutes } from './routes/me/index.js';
import { labRoutes } from './routes/labs/index.js';
import { viewRoutes } from './routes/view/index.js';
import { graderRoutes } from './routes/grader/index.js';
import { terminalRoutes } from './routes/terminal/index.js';
import { adminRoutes } from './routes/admin/index.js';
import { installWebsockets } from './plugins/websockets.js';
import { installHttpMetrics, installMetricsAccess, isMetricsReader } from './plugins/metrics.js';
import { installOpenApi } from './plugins/openapi.js';
import { metricsRoutes } from './routes/metrics/index.js';
import { PlatformMetrics } from '../metrics/platform.js';
import type { EngineConsole } from '../engine/vm/index.js';
import type { LabManager } from '../lab/manager.js';
import type { LabInspector } from '../view/inspector.js';
import { noLabs } from '../service/labs.js';
import { recordLabStarts } from '../service/record-lab-starts.js';
import type { Store } from '../store/index.js';
import { TerminalHub } from '../terminal/hub.js';
import type { TerminalCluster } from '../terminal/relay.js';
import { installRelayCheck } from './plugins/relay.js';
import { settings } from '../config.js';
import { requestLine, type Logger } from '../log.js';

export interface AppOptions {
  curriculum: CurriculumSource | Curriculum;
  secret: string;
  tokens?: TokenTable;
  /**
   * The origins learners open the app at (OPSLAB_PUBLIC_URL). Requests for other Host names, and
   * state-changing browser requests from other origins, are refused. Default: http://localhost.
   */
  publicUrls?: string[];
  /** Rate limits (defaults: DEFAULT_RATE_LIMITS); a partial object overrides some rules. */
  rateLimits?: Partial<RateLimitOptions>;
  /** Built web app to serve at / (web/dist); skipped when absent. */
  webDir?: string;
  /** Log requests: true makes a pino logger at OPSLAB_LOG_LEVEL; serve passes its own (one stream for everything). */
  logger?: boolean | Logger;
  onAnswer?: ExerciseRouteOptions['onAnswer'];
  /** Every engine of the platform, the local one first, for /api/health (serve: enginesHealth). */
  enginesStatus?: HealthOptions['engines'];
  /** Progress and learners; without it nothing is remembered. */
  store?: Store;
  /**
   * Labs, for the lab, terminal and grader routes. Without it (tests of the course pages) those
   * routes are there all the same, validate as usual, and answer LABS_UNAVAILABLE (503) where they
   * would touch a lab: one app shape, and no test wiring routes of its own.
   */
  labs?: LabManager;
  /** The lab view (collectors, faults, captures) of `labs`; without it the view routes answer LABS_UNAVAILABLE. */
  inspector?: LabInspector;
  /**
   * The terminal route's hub (default: one over `labs`), websocket heartbeat (default 30 s), and
   * for servers sharing a store the cluster its terminals are relayed in (terminal/relay.ts).
   */
  terminal?: { hub?: TerminalHub; heartbeatMs?: number; cluster?: TerminalCluster };
  /**
   * The running vm engine's serial console, for the admin console route (admins only). Without it,
   * or while no vm engine runs, the route answers ENGINE_CONSOLE_UNAVAILABLE (503).
   */
  engineConsole?: () => EngineConsole | undefined;
  /** Believe X-Forwarded-For from these proxies (fastify's trustProxy); default: no proxy. */
  trustProxy?: boolean | number | string;
  /**
   * /metrics: the token that opens it besides an admin's (OPSLAB_METRICS_TOKEN; without one only
   * admins read it), and OPSLAB_MAX_LABS for the capacity gauge.
   */
  metrics?: { token?: string; maxLabs?: number };
}

/**
 * fastify's trustProxy for OPSLAB_TRUST_PROXY. A hop count trusts that many proxies nearest the
 * server, so the client is the right-most address they did not add (what a client writes into
 * X-Forwarded-For itself is further left, and ignored). fastify 5 takes a bare number as "trust
 * nothing" (it cannot check the peer is a proxy), which made every learner behind the proxy one
 * address; a hop count says the operator lets nothing but the proxy reach the server.
 */
export function trustedHops(setting: boolean | number | string | undefined): boolean | string | ((address: string, hop: number) => boolean) {
  if (typeof setting !== 'number') return setting ?? false;
  return setting > 0 ? (_address: string, hop: number) => hop < setting : false;
}

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(typeof opts.logger === 'object' ? { loggerInstance: opts.logger as FastifyBaseLogger } : { logger: opts.logger ? { level: settings().logLevel, serializers: { req: requestLine } } : false }),
    bodyLimit: 256 * 1024,
    routerOptions: { maxParamLength: 200 },
    trustProxy: trustedHops(opts.trustProxy),
    // Strict request validation: a number is not a string and unknown keys are refused, not dropped.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
  });
  const source = opts.curriculum;
  const curriculum = () => ('curriculum' in source ? source.curriculum : source);

  const spa = opts.webDir && existsSync(path.join(opts.webDir, 'index.html')) ? path.resolve(opts.webDir) : undefined;
  await installSecurityHeaders(app); // first: its headers are on every answer, 429s and 403s included
  installErrorHandling(app, { spa: Boolean(spa) });
  const policy = originPolicy(opts.publicUrls ?? ['http://localhost']);
  installOriginCheck(app, policy);
  const { store } = opts;
  // Rate limits hold across the cluster: on PostgreSQL (the store several servers share) every
  // limit is counted in its rate_hits table, one write per counted hit. SQLite is one server's
  // file, so the in-process counters are already the whole count there and cost no write.
  const counter: RateCounter | undefined = store?.kind === 'postgres' ? { hit: (key, windowMs) => store.hit({ key, windowMs }) } : undefined;
  // Terminals relayed by another server of the cluster are known before the rate limits count them.
  if (opts.terminal?.cluster) installRelayCheck(app, opts.terminal.cluster.secret);
  // Before the rate limits (a scrape with the metrics token is a probe they do not count: probes.ts)
  // and before identity (the metrics token opens /metrics only, and is no identity: plugins/metrics.ts).
  installMetricsAccess(app, { token: opts.metrics?.token });
  await installRateLimits(app, { ...DEFAULT_RATE_LIMITS, ...opts.rateLimits }, counter);
  // A scrape is not a visitor to count against its address's fresh identities.
  const beforeIssue = (req: FastifyRequest) => (isMetricsReader(req) ? Promise.resolve() : app.limitIdentity(req));
  installIdentity(app, { secret: opts.secret, tokens: opts.tokens ?? new TokenTable(), secureCookie: policy.secure, beforeIssue });
  // The request's language (req.locale), after identity: a bad ?lang= is refused like any bad input.
  await app.register(localePlugin, { secureCookie: policy.secure });
  const labs = opts.labs ?? noLabs();
  const warmLabs = opts.labs && (() => labs.warmLabs());
  let hub: TerminalHub | undefined;
  const metrics = new PlatformMetrics({
    labs: opts.labs,
    warmLabs,
    engines: opts.enginesStatus,
    terminalSessions: () => hub?.size ?? 0,
    maxLabs: opts.metrics?.maxLabs,
  });
  app.addHook('onClose', async () => metrics.close());
  installHttpMetrics(app, metrics);
  // Before any route: the API's documentation is made from the routes' schemas as they are added.
  await installOpenApi(app);
  const onAnswer: ExerciseRouteOptions['onAnswer'] = opts.onAnswer ?? (store ? (a) => store.recordAnswer(a) : undefined);
  await app.register(roadmapRoutes, { curriculum });
  await app.register(exerciseRoutes, { curriculum, onAnswer });
  await app.register(glossaryRoutes, { curriculum });
  // The learner's own records (/api/me, /api/progress, /api/history) are the store's: without one
  // there is nothing to keep, and they are absent (the web app reads a 404 progress as none).
  if (store) await app.register(meRoutes, { store });
  await app.register(healthRoutes, { curriculum, engines: opts.enginesStatus, warmLabs, store });
  await app.register(metricsRoutes, { metrics });
  await app.register(labRoutes, { labs, store, curriculum, inspector: opts.inspector, onChecked: (run) => metrics.checkRan(run) });
  await app.register(viewRoutes, { labs, inspector: opts.inspector });
  // Each successful start is remembered, so the next one's estimate learns from it.
  if (store && opts.labs) {
    const stop = recordLabStarts({ labs: opts.labs, store, log: (msg, fields) => app.log.warn(fields ?? {}, msg) });
    app.addHook('onClose', async () => stop());
  }
  await app.register(graderRoutes, { labs, store, curriculum });
  const cluster = opts.terminal?.cluster;
  hub = opts.terminal?.hub ?? new TerminalHub({ labs, onSessionEnd: cluster && ((t) => void cluster.release(t).catch(() => {})) });
  await installWebsockets(app, { hub });
  await app.register(terminalRoutes, { hub, heartbeatMs: opts.terminal?.heartbeatMs, cluster });
  await app.register(adminRoutes, { engineConsole: opts.engineConsole });

  if (spa) {
    const { default: fastifyStatic } = await import('@fastify/static');
    await app.register(fastifyStatic, { root: spa, wildcard: false });
  }
  return app;
}
