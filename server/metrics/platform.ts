// The platform's Prometheus metrics: one Registry per app (tests build many apps in one process),
// gauges computed when scraped from what the app already knows (the lab manager, the terminal hub,
// the engines' status), and the events it observes (lab starts, check runs, HTTP requests). The
// process's own metrics (CPU, memory, event loop, GC) are the process's: one registry for the whole
// process, made at the first scrape.
//
// Every label value comes from a bounded set: exercise ids from the curriculum, engine ids and kinds
// from the configuration, lab states, check statuses, HTTP methods, route patterns (never the raw
// URL) and status codes. Nothing a learner types becomes a label.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CheckStatus } from '../../shared/api.js';
import { withDeadline } from '../deadline.js';
import type { EngineHealth } from '../engine/bring-up.js';
import { engineIdOf } from '../engine/types.js';
import type { LabManager } from '../lab/manager.js';
import type { PoolStatus } from '../lab/pool.js';
import { startElapsedMs } from '../lab/stages.js';
import type { Lab } from '../lab/types.js';

/** What the metrics read of the lab manager. */
export type MeteredLabs = Pick<LabManager, 'list' | 'on' | 'off'>;

export interface PlatformMetricsOptions {
  /** This server's labs (by state and engine) and their starts; absent: a server without labs. */
  labs?: MeteredLabs;
  /** Warm labs per exercise (lab/pool.ts). */
  warmLabs?: () => PoolStatus;
  /** The engines, as /api/health shows them. */
  engines?: () => Promise<EngineHealth[]>;
  /** Terminal sessions open on this server. */
  terminalSessions?: () => number;
  /** OPSLAB_MAX_LABS: live labs this server holds at most. */
  maxLabs?: number;
  /** How long a scrape waits for the engines' status (5 s). */
  enginesTimeoutMs?: number;
}

const LAB_STATES = ['starting', 'ready', 'failed', 'gone'] as const;
const CHECK_STATUSES: readonly CheckStatus[] = ['pass', 'fail', 'error'];
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** A lab start takes 1-5 s on the local engine, ~40 s for an LVS lab under emulation; 10 min is its deadline. */
const START_BUCKETS = [0.5, 1, 2, 5, 10, 20, 30, 45, 60, 90, 120, 300, 600];
/** A check run is one script per check, each bounded by its timeout (seconds). */
const CHECK_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120];
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

let processRegistry: Registry | undefined;
/** The process's metrics (prom-client's defaults), in one registry for the process. */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export class PlatformMetrics {
  readonly registry = new Registry();
  private readonly checkRuns: Counter<'exercise' | 'status'>;
  private readonly checkSeconds: Histogram<'exercise' | 'status'>;
  private readonly startSeconds: Histogram<'exercise' | 'engine'>;
  private readonly httpSeconds: Histogram<'method' | 'route' | 'status_code'>;
  private readonly onReady = (lab: Lab) => this.labReady(lab);
  /** The engines' status of the scrape under way (text() asks it anew): one call serves every engine gauge. */
  private engineSnapshot?: Promise<EngineHealth[] | undefined>;
  /** Engines seen by an earlier scrape: a status that fails reports them down, rather than gone. */
  private readonly knownEngines = new Map<string, string>();

  constructor(private readonly opts: PlatformMetricsOptions = {}) {
    const registers = [this.registry];
    const self = this;
    new Gauge({
      name: 'opslab_labs',
      help: "Labs this server holds, by state and engine (a cluster's servers each count the labs they hold in memory).",
      labelNames: ['state', 'engine'],
      registers,
      collect() {
        if (!self.opts.labs) return;
        this.reset();
        const engines = new Set(self.knownEngines.keys());
        const labs = self.opts.labs.list({ all: true });
        for (const lab of labs) engines.add(engineIdOf(lab.engine));
        for (const engine of engines) for (const state of LAB_STATES) this.set({ state, engine }, 0);
        for (const lab of labs) this.inc({ state: lab.state, engine: engineIdOf(lab.engine) });
      },
    });
    if (opts.maxLabs !== undefined) {
      const max = opts.maxLabs;
      new Gauge({ name: 'opslab_labs_max', help: 'Live labs this server holds at most (OPSLAB_MAX_LABS).', registers, collect() { this.set(max); } });
    }
    this.startSeconds = new Histogram({
      name: 'opslab_lab_start_seconds',
      help: 'How long learners\' lab starts and resets took to become ready, by exercise and engine (warm builds excluded).',
      labelNames: ['exercise', 'engine'],
      buckets: START_BUCKETS,
      registers,
    });
    this.checkRuns = new Counter({ name: 'opslab_check_runs_total', help: "Learners' check runs, by exercise and overall status.", labelNames: ['exercise', 'status'], registers });
    this.checkSeconds = new Histogram({ name: 'opslab_check_duration_seconds', help: "How long learners' check runs took, by exercise and overall status.", labelNames: ['exercise', 'status'], buckets: CHECK_BUCKETS, registers });
    new Gauge({
      name: 'opslab_terminal_sessions',
      help: 'Terminal sessions (lab host shells) open on this server.',
      registers,
      collect() {
        this.set(self.opts.terminalSessions?.() ?? 0);
      },
    });
    new Gauge({
      name: 'opslab_warm_labs',
      help: 'Warm labs (built ahead for learners) per exercise: ready, or still building.',
      labelNames: ['exercise', 'state'],
      registers,
      collect() {
        const pool = self.opts.warmLabs?.();
        if (!pool) return;
        this.reset();
        for (const [exercise, n] of Object.entries(pool.exercises)) {
          this.set({ exercise, state: 'ready' }, n.ready);
          this.set({ exercise, state: 'building' }, n.building);
        }
      },
    });
    new Gauge({
      name: 'opslab_warm_labs_wanted',
      help: 'Warm labs wanted per exercise (OPSLAB_WARM_LABS).',
      labelNames: ['exercise'],
      registers,
      collect() {
        const pool = self.opts.warmLabs?.();
        if (!pool) return;
        this.reset();
        for (const [exercise, n] of Object.entries(pool.exercises)) this.set({ exercise }, n.want);
      },
    });
    new Gauge({
      name: 'opslab_engine_up',
      help: 'Whether each lab engine answers (1) or not (0), as /api/health says.',
      labelNames: ['engine', 'kind'],
      registers,
      async collect() {
        const engines = await self.engines();
        if (!engines && self.knownEngines.size === 0) return;
        this.reset();
        for (const [engine, kind] of self.knownEngines) this.set({ engine, kind }, 0);
        for (const e of engines ?? []) this.set({ engine: e.id, kind: e.kind }, e.up ? 1 : 0);
      },
    });
    const engineGauge = (name: string, help: string, value: (e: EngineHealth) => number | undefined) =>
      new Gauge({
        name,
        help,
        labelNames: ['engine'],
        registers,
        async collect() {
          const engines = await self.engines();
          if (!engines) return;
          this.reset();
          for (const e of engines) {
            const v = value(e);
            if (v !== undefined) this.set({ engine: e.id }, v);
          }
        },
      });
    engineGauge('opslab_engine_labs', 'Live labs on each engine across every server sharing the store (warm ones included); only with a store.', (e) => e.load?.labs);
    engineGauge('opslab_engine_capacity_labs', 'Labs each engine takes at most (OPSLAB_ENGINES labs=), for engines with a cap.', (e) => e.capacity?.labs);
    this.httpSeconds = new Histogram({
      name: 'opslab_http_request_duration_seconds',
      help: 'HTTP requests by method, route pattern (never the raw URL) and status code.',
      labelNames: ['method', 'route', 'status_code'],
      buckets: HTTP_BUCKETS,
      registers,
    });
    opts.labs?.on('ready', this.onReady);
  }

  /** A learner's check run ended with `status` after `ms`. */
  checkRan(run: { exercise: string; status: CheckStatus; ms: number }): void {
    const status = CHECK_STATUSES.includes(run.status) ? run.status : 'error';
    this.checkRuns.inc({ exercise: run.exercise, status });
    this.checkSeconds.observe({ exercise: run.exercise, status }, run.ms / 1000);
  }

  /** An HTTP request was answered. `route` is the matched pattern (undefined: no route matched). */
  httpAnswered(req: { method: string; route: string | undefined; statusCode: number; ms: number }): void {
    const method = METHODS.has(req.method) ? req.method : 'OTHER';
    const status = Number.isInteger(req.statusCode) && req.statusCode >= 100 && req.statusCode < 600 ? String(req.statusCode) : 'other';
    this.httpSeconds.observe({ method, route: req.route ?? '(unmatched)', status_code: status }, req.ms / 1000);
  }

  /** The exposition text: this app's metrics, then the process's. */
  async text(): Promise<string> {
    this.engineSnapshot = undefined; // this scrape's status, not one an earlier scrape asked for
    const [own, proc] = await Promise.all([this.registry.metrics(), processMetrics().metrics()]);
    return `${own.trimEnd()}\n${proc}`;
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  close(): void {
    this.opts.labs?.off('ready', this.onReady);
  }

  private labReady(lab: Lab): void {
    // A warm build waits behind learners' starts (lab/pool.ts): its time says nothing of theirs.
    if (lab.warm) return;
    this.startSeconds.observe({ exercise: lab.exercise, engine: engineIdOf(lab.engine) }, startElapsedMs(lab) / 1000);
  }

  /** The engines' status, asked once per scrape (the engine gauges share it); undefined when unknown. */
  private engines(): Promise<EngineHealth[] | undefined> {
    const status = this.opts.engines;
    if (!status) return Promise.resolve(undefined);
    this.engineSnapshot ??= withDeadline(status(), this.opts.enginesTimeoutMs ?? 5000, "the engines' status")
      .then((list) => {
        for (const e of list) this.knownEngines.set(e.id, e.kind);
        return list;
      })
      .catch(() => undefined);
    return this.engineSnapshot;
  }
}
