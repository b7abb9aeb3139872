// `opslab serve`: the only place that listens on a port and handles signals.
import { CurriculumSource, formatProblem } from '../curriculum/index.js';
import { loadConfig, settingKind, settings } from '../config.js';
import { buildApp } from '../http/app.js';
import { defaultPublicUrls, originPolicy } from '../http/plugins/origin.js';
import { createEngines } from '../engine/connect.js';
import { consoleOf } from '../engine/vm/index.js';
import { createInspector, createLabManager } from '../platform.js';
import { defineCommand } from './command.js';
import { curriculumOption } from './options.js';
import { hostname } from 'node:os';
import { openStore } from '../store/index.js';
import { terminalCluster } from '../terminal/relay.js';
import { createLogger, logTo } from '../log.js';
import { bringUpEngines, enginesHealth } from '../engine/bring-up.js';

export const command = defineCommand({
  name: 'serve',
  summary: 'serve the web app and API',
  details: [
    'It runs until SIGINT or SIGTERM (exit 0); labs stay and are adopted at the next start.',
    'Everything else it reads from the environment: `opslab settings` lists it.',
  ].join('\n'),
  options: {
    port: { type: 'string', value: 'PORT', kind: settingKind('port'), description: 'the port to listen on (default: OPSLAB_PORT, else 8080)' },
    host: { type: 'string', value: 'ADDRESS', kind: settingKind('host'), description: 'the address to listen on (default: OPSLAB_HOST, else 127.0.0.1)' },
    curriculum: curriculumOption,
    watch: { type: 'boolean', description: 'reload the curriculum when its files change (also OPSLAB_WATCH=1)' },
  },
  run: ({ args }) => serve(args.values),
});

async function serve(options: { port?: number; host?: string; curriculum?: string; watch: boolean }): Promise<number> {
  const s = settings();
  const port = options.port ?? s.port;
  const host = options.host ?? s.host;
  // One JSON log for the server's own lines and fastify's request lines (server/log.ts).
  const logger = createLogger({ level: s.logLevel });
  const log = logTo(logger);
  // Before anything is made: a server on every address with no public URL refuses to run (a
  // ConfigError, exit 2, like any other bad setting).
  const publicUrls = s.publicUrls ?? defaultPublicUrls({ host, port });
  originPolicy(publicUrls);
  const config = loadConfig(); // makes the data directory and its secret: only for a server that will run

  const source = new CurriculumSource(options.curriculum ?? config.curriculumDir);
  for (const p of source.problems) log(`curriculum: ${formatProblem(p)}`, { level: 'warn' });
  if (config.watch || options.watch) source.watch(log);

  const store = await openStore({ dataDir: config.dataDir, url: config.databaseUrl, log });
  log(`store: ${store.kind}`);
  const engines = await createEngines({ mode: config.engine, log });
  // Every server sharing the store reads and writes its labs there (SQLite: this one alone).
  const advertise = s.advertiseUrl ?? `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${port}`;
  // Two servers on one machine differ by their port.
  const serverId = s.serverId ?? `${hostname().replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 50)}-${port}`;
  const labs = createLabManager({
    engines,
    exercises: () => source.curriculum.exercises,
    instance: config.instance,
    idleMs: config.idleMinutes * 60_000,
    maxLabs: config.maxLabs,
    maxLabsPerLearner: config.maxLabsPerLearner,
    maxLabsPerAddress: config.maxLabsPerAddress,
    log,
    shared: { store, server: serverId, url: advertise },
  });
  await labs.joinCluster();
  log(`cluster: server ${serverId} (reached at ${advertise})`);
  if (store.kind === 'postgres' && !s.advertiseUrl) log('OPSLAB_ADVERTISE_URL is not set: servers on other machines cannot relay terminals to this one (set it to an address they reach)', { level: 'warn' });
  const { adopted, removed } = await labs.reconcile();
  log(`labs: adopted ${adopted.length}, removed ${removed.length} left by an earlier run`);
  labs.startReaper();
  labs.startDiskGuard();
  // The engines the curriculum needs come up now, not at a learner's first click (the vm engine
  // resumes from its snapshot); then warm labs are built in the background (lab/pool.ts).
  const enginesReady = bringUpEngines({ engines, requires: [...source.curriculum.exercises.values()].flatMap((ex) => (ex.lab ? [ex.requires] : [])), log }).then(() =>
    labs.startWarmLabs({ ...config.warmLabs, memoryMiB: config.warmMemoryMiB }),
  );

  const inspector = createInspector({ labs, instance: config.instance, prepare: true });

  const app = await buildApp({
    curriculum: source,
    secret: config.secret,
    tokens: config.tokens,
    webDir: config.webDir,
    logger,
    store,
    enginesStatus: () => enginesHealth(engines, store),
    labs,
    inspector,
    // The vm engine's serial console while one runs (booted when a lab needs it), for admins.
    engineConsole: () => consoleOf(engines.all().find((e) => e.kind === 'vm')),
    publicUrls,
    trustProxy: config.trustProxy,
    rateLimits: { addressFactor: config.rateAddressFactor },
    // /metrics for Prometheus (OPSLAB_METRICS_TOKEN) and admins; the capacity gauge.
    metrics: { token: config.metricsToken, maxLabs: config.maxLabs },
    // A terminal another server of the cluster holds is relayed there (same shell, same screen).
    terminal: { cluster: terminalCluster({ labs, store, secret: config.secret }) },
  });
  app.addHook('onClose', async () => {
    await enginesReady;
    source.close();
    await inspector.close();
    await labs.close();
    await engines.close();
    await store.close();
  });
  await app.listen({ port, host });
  log(`opslab serving ${source.curriculum.exercises.size} exercises on http://${host}:${port} (public: ${publicUrls.join(', ')})`);

  await new Promise<void>((resolve) => {
    const stop = (sig: string) => {
      log(`${sig}: shutting down (labs stay and are adopted at the next start)`);
      app.close().then(resolve, resolve);
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  return 0;
}
