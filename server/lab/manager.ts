// Labs for learners: the table of labs and its verbs (start in the background, reset, destroy, run
// scripts in hosts). Who may start one is capacity.ts, building one build.ts, failing one
// failures.ts, adopting what an earlier server left reconcile.ts, the idle reaper and the disk
// guard guards.ts; every call to an engine goes through the lab's runtime (runtime.ts).
import { EventEmitter } from 'node:events';
import { withDeadline } from '../deadline.js';
import type { Engine } from '../engine/types.js';
import { engineDown, OpslabError } from '../errors.js';
import { labPool, parsePool, SubnetAllocator } from './addresses.js';
import { buildLab, newLab } from './build.js';
import { admit, admitOnEngine } from './capacity.js';
import { diskQuotaOf, type DiskQuota, type HostDiskUse } from './disk.js';
import { LabFailures } from './failures.js';
import { startDiskGuard, startIdleReaper } from './guards.js';
import { handOver, WarmPool, type PoolStatus, type WarmLabsConfig } from './pool.js';
import { poolHost } from './pool-host.js';
import { reconcileLabs, sortWarm } from './reconcile.js';
import { DEFAULT_LIMITS, type ExecResult } from './runtime.js';
import { beginStart, setStage } from './stages.js';
import type { Lab, LabBlueprint, LabManagerOptions } from './types.js';

/** Destroy waits this long for a start or reset under way, then removes what there is. */
const BUSY_DEADLINE_MS = 300_000;

/**
 * Events: 'gone' (labId) when a lab is destroyed, reset or failed: its terminals must end; 'ready'
 * (lab) when a start or a reset has built it (how long it took: stages.ts startElapsedMs).
 */
export class LabManager extends EventEmitter<{ gone: [labId: string]; ready: [lab: Lab] }> {
  private readonly labs = new Map<string, Lab>();
  private readonly subnets: SubnetAllocator;
  /** Label value of this manager's labs (the lab view's probes and agent carry it too). */
  readonly instance: string;
  private reaper?: NodeJS.Timeout;
  private diskGuard?: NodeJS.Timeout;
  /** One lab's disk quota: what the guard enforces and what caps a single file. */
  private readonly quota: DiskQuota;
  private readonly failures: LabFailures;
  /** Warm labs (pool.ts): built ahead, handed to learners on start. Not in `labs` until handed over. */
  private readonly pool: WarmPool;

  constructor(private readonly opts: LabManagerOptions) {
    super();
    this.instance = opts.instance ?? 'default';
    this.quota = opts.diskQuota ?? diskQuotaOf();
    this.subnets = new SubnetAllocator(parsePool(opts.pool ?? labPool()));
    const gone = (id: string) => this.emit('gone', id);
    this.failures = new LabFailures({ instance: this.instance, subnets: this.subnets, labs: this.labs, gone, log: (lab, line) => this.logLab(lab, line) });
    this.pool = new WarmPool(
      poolHost({
        opts,
        failures: this.failures,
        newLab: (props) => newLab({ ...props, runtime: opts.runtime(props.engine) }),
        build: (lab, blueprint, gate) => this.build(lab, blueprint, gate),
        onEngine: (engine) => this.onEngine(engine),
        learnerBusy: () => [...this.labs.values()].some((l) => l.busy !== undefined),
      }),
    );
  }

  // ------------------------------------------------------------------ queries

  get(id: string): Lab {
    const lab = this.labs.get(id);
    if (!lab) throw new OpslabError('LAB_NOT_FOUND', `No lab '${id}'.`);
    return lab;
  }

  /** The lab, if `learner` owns it; the same LAB_NOT_FOUND otherwise, so ids cannot be probed. */
  getOwned(id: string, learner: string): Lab {
    const lab = this.labs.get(id);
    if (!lab || !learner || lab.learner !== learner) throw new OpslabError('LAB_NOT_FOUND', `No lab '${id}' of yours.`);
    return lab;
  }

  /**
   * One learner's labs, or every lab with `{ all: true }` (graders, the CLI, internal work). There is
   * no default: a missing or empty learner is an error, never "everyone's labs".
   */
  list(filter: { learner: string; exercise?: string } | { all: true; exercise?: string }): Lab[] {
    const all = 'all' in filter && filter.all === true;
    const learner = all ? undefined : (filter as { learner?: string }).learner;
    if (!all && !learner) throw new Error('LabManager.list needs a learner or { all: true }');
    return [...this.labs.values()].filter((l) => (all || l.learner === learner) && (!filter.exercise || l.exercise === filter.exercise));
  }

  // ------------------------------------------------------------------ lifecycle

  /**
   * Start a lab for `learner`. Returns at once with the lab `starting`; `ready()` waits for it.
   * A learner's live lab for the same exercise is returned instead of a second one.
   */
  async start(props: { learner: string; blueprint: LabBlueprint; address?: string }): Promise<Lab> {
    const { learner, blueprint, address } = props;
    if (!learner) throw new Error('LabManager.start needs a learner');
    const limits = { maxLabs: this.opts.maxLabs ?? 100, maxLabsPerLearner: this.opts.maxLabsPerLearner ?? 3, maxLabsPerAddress: this.opts.maxLabsPerAddress ?? 20 };
    const admitted = () => admit({ labs: [...this.labs.values()], learner, exercise: blueprint.exercise, address, limits });
    const same = admitted();
    if (same) return same;
    // A warm lab, taken and made the learner's in this tick (admitted() just said they may have one).
    const warm = this.pool.take(blueprint.exercise);
    if (warm) {
      this.labs.set(warm.id, handOver({ lab: warm, learner, address }));
      // Its containers still say nobody's: the owner is remembered (the store) before anyone is told
      // of the lab, or the lab is gone. A restarted server then gives it back to this learner only.
      await this.opts.claim?.(warm).catch(async (e: unknown) => {
        await this.destroy(warm.id).catch(() => {});
        throw e;
      });
      this.logLab(warm, warm.state === 'ready' ? 'a warm lab, set up before you asked: yours now' : 'a warm lab already being set up: yours now');
      return warm;
    }
    const engine = await this.pick(blueprint);
    if (!(await engine.ping())) throw new OpslabError('ENGINE_DOWN', `The ${engine.kind} engine does not answer; no lab was created. It may be restarting; if not, run \`opslab engine up\`.`);
    // Asked again after the awaits, with none between here and the lab being added: a start that
    // came in meanwhile (a double click, a second tab, a class at the last place) was added by now.
    // Warm labs give way to a learner's: one on a full engine is removed first.
    if (this.onEngine(engine) >= (engine.labBudget?.maxLabs ?? Number.POSITIVE_INFINITY)) await this.pool.evictOn(engine);
    const raced = admitted();
    if (raced) return raced;
    admitOnEngine({ labs: [...this.labs.values(), ...this.pool.all()], engine });
    const lab = newLab({ learner, address, exercise: blueprint.exercise, engine, runtime: this.opts.runtime(engine) });
    this.labs.set(lab.id, lab);
    lab.busy = this.build(lab, blueprint).finally(() => (lab.busy = undefined));
    return lab;
  }

  /** Live labs on `engine`: learners' and warm ones. */
  onEngine(engine: Engine): number {
    return [...this.labs.values()].filter((l) => l.engine === engine && (l.state === 'starting' || l.state === 'ready')).length + this.pool.on(engine);
  }

  /** Keep warm labs as `config` says (pool.ts); a server calls it once at start. */
  startWarmLabs = (config: WarmLabsConfig): void => this.pool.start(config);
  warmLabs = (): PoolStatus => this.pool.status();

  /** Wait until the lab is ready; throws its failure. */
  async ready(id: string): Promise<Lab> {
    const lab = this.get(id);
    await lab.busy;
    if (lab.state === 'failed') throw new OpslabError((lab.error?.code as 'LAB_SETUP_FAILED') ?? 'LAB_SETUP_FAILED', lab.error?.message);
    return lab;
  }

  /** Throw the lab away and build it again with the same addresses. */
  async reset(id: string): Promise<Lab> {
    const lab = this.get(id);
    if (lab.busy) throw new OpslabError('LAB_BUSY');
    const blueprint = this.opts.blueprint?.(lab.exercise);
    if (!blueprint) throw new OpslabError('EXERCISE_NOT_FOUND', `Exercise '${lab.exercise}' is no longer in the curriculum.`);
    lab.state = 'starting';
    lab.error = undefined;
    lab.warm = undefined; // rebuilt for its learner now
    lab.log = [];
    beginStart(lab, 'clearing');
    this.emit('gone', lab.id);
    lab.busy = (async () => {
      if (this.failures.isDead(lab.engine)) {
        setStage(lab, 'engine');
        // Its engine died (a VM that was killed): build it again on a live one, booted if need be.
        lab.engine = await this.pick(blueprint);
        lab.runtime = this.opts.runtime(lab.engine);
      } else {
        await lab.runtime.removeLab({ instance: this.instance, lab: lab.id });
      }
      this.failures.releaseSubnets(lab);
      await this.build(lab, blueprint);
    })()
      .catch((e: unknown) => this.failures.failLab(lab, e))
      .finally(() => (lab.busy = undefined));
    return lab;
  }

  /**
   * Destroys a lab this manager knows; for an id it does not (a half-built lab of an earlier run, or
   * one whose exercise is gone) removes whatever carries that lab's label on every engine.
   */
  async remove(id: string): Promise<void> {
    if (this.labs.has(id)) return this.destroy(id);
    for (const engine of this.opts.engines.all()) await this.opts.runtime(engine).removeLab({ instance: this.instance, lab: id });
  }

  async destroy(id: string): Promise<void> {
    const lab = this.get(id);
    if (lab.busy) await withDeadline(lab.busy, BUSY_DEADLINE_MS, `lab ${lab.id} finishing its start or reset`).catch(() => {});
    this.emit('gone', lab.id);
    if (!this.failures.isDead(lab.engine)) await lab.runtime.removeLab({ instance: this.instance, lab: lab.id });
    this.failures.releaseSubnets(lab);
    this.failures.forget(lab.id);
    lab.state = 'gone';
    this.labs.delete(id);
    this.pool.kick(); // its place may be what a warm lab waited for
    this.opts.log?.('lab destroyed', labFields(lab));
  }

  /** Run a script (with the helper prelude) in one host of a ready lab. */
  async run(props: { lab: Lab; host: string; script: string; timeoutMs: number }): Promise<ExecResult> {
    const { lab } = props;
    const host = lab.hosts.find((h) => h.name === props.host);
    if (!host) throw new OpslabError('HOST_NOT_FOUND', `Lab ${lab.id} has no host '${props.host}'.`);
    lab.lastActive = new Date();
    const script = `${this.opts.scriptPrelude ?? ''}\n${props.script}`;
    // Under software emulation (the vm engine without KVM) everything takes ~3x as long.
    const timeoutMs = props.timeoutMs * (lab.engine.kind === 'vm' ? 3 : 1);
    return lab.runtime.exec({ host, script, env: { ...lab.env, OPSLAB_HOST: host.name }, timeoutMs });
  }

  touch(id: string): void {
    const lab = this.labs.get(id);
    if (lab) lab.lastActive = new Date();
  }

  /** What the lab's hosts wrote to the engine's disk, per host. */
  async measureDisk(lab: Lab, stopAt: DiskQuota = this.quota): Promise<Record<string, HostDiskUse>> {
    const uses = await Promise.all(lab.hosts.map(async (h) => [h.name, await lab.runtime.diskUsage({ host: h, stopAt })] as const));
    return Object.fromEntries(uses);
  }

  // ------------------------------------------------------------------ building

  /** An engine for the blueprint, watched for its death from now on. */
  private async pick(blueprint: LabBlueprint): Promise<Engine> {
    const engine = await this.opts.engines.pick(blueprint.requires).catch((e) => {
      throw engineDown(e);
    });
    this.failures.watch(engine);
    return engine;
  }

  private async build(lab: Lab, blueprint: LabBlueprint, gate?: (lab: Lab) => Promise<void>): Promise<void> {
    const log = (line: string) => this.logLab(lab, line);
    const { resolveImage, hostConfig } = this.opts;
    const limits = { fileBytes: this.quota.bytes, ...(this.opts.limits ?? DEFAULT_LIMITS) };
    const run = (props: { lab: Lab; host: string; script: string; timeoutMs: number }) => this.run(props);
    const ctx = { instance: this.instance, subnets: this.subnets, limits, resolveImage, hostConfig, setupTimeoutMs: this.opts.setupTimeoutMs ?? 120_000, run, log, gate: gate && (() => gate(lab)) };
    await buildLab({ lab, blueprint, ctx }).then(() => this.emit('ready', lab), (e: unknown) => this.failures.failLab(lab, e));
  }

  private logLab(lab: Lab, line: string): void {
    lab.log.push(line);
    this.opts.log?.(line, labFields(lab));
  }

  // ------------------------------------------------------------------ restart, background rounds

  /**
   * At start-up: adopt labs whose containers all run and whose exercise still exists; remove the rest.
   * Returns what it did, for the log and for tests.
   */
  async reconcile(opts: { adoptOnly?: boolean } = {}): Promise<{ adopted: string[]; removed: string[] }> {
    const { adopted, removed } = await reconcileLabs({
      engines: this.opts.engines.all(),
      runtime: this.opts.runtime,
      instance: this.instance,
      blueprint: this.opts.blueprint,
      subnets: this.subnets,
      known: (id) => this.labs.has(id),
      adoptOnly: opts.adoptOnly,
    });
    const { owned, warm, unknown } = await sortWarm({ labs: adopted, ownerOf: this.opts.ownerOf, instance: this.instance });
    for (const lab of owned) this.labs.set(lab.id, lab);
    for (const lab of warm) this.pool.adopt(lab);
    for (const lab of unknown) this.failures.releaseSubnets(lab);
    removed.push(...unknown.map((l) => l.id));
    if (adopted.length || removed.length) this.opts.log?.(`reconcile: adopted ${owned.length} lab(s) and ${warm.length} warm one(s), removed ${removed.length}`);
    return { adopted: owned.map((l) => l.id), removed };
  }

  /** Destroy labs idle longer than idleMs, every minute. */
  startReaper(everyMs = 60_000): void {
    clearInterval(this.reaper);
    const log = (line: string) => this.opts.log?.(line);
    this.reaper = startIdleReaper({ labs: () => this.labs.values(), idleMs: this.opts.idleMs ?? 60 * 60_000, everyMs, destroy: (id) => this.destroy(id), log });
  }

  /** Stop labs over the manager's `diskQuota` (guards.ts), measured every `everyMs`. */
  startDiskGuard(props: { everyMs?: number } = {}): void {
    clearInterval(this.diskGuard);
    this.diskGuard = startDiskGuard({
      labs: () => this.labs.values(),
      quota: this.quota,
      everyMs: props.everyMs ?? 5000,
      measure: (lab, stopAt) => this.measureDisk(lab, stopAt),
      fail: (lab, error) => this.failures.failLab(lab, error),
      sweep: () => this.failures.retryRemovals(),
      log: (line) => this.opts.log?.(line),
    });
  }

  /** Stop background work. With `destroyAll`, remove every lab (tests, a clean shutdown). */
  async close(opts: { destroyAll?: boolean } = {}): Promise<void> {
    clearInterval(this.reaper);
    clearInterval(this.diskGuard);
    await this.pool.close({ destroy: opts.destroyAll });
    if (opts.destroyAll) await Promise.all([...this.labs.keys()].map((id) => this.destroy(id).catch(() => {})));
  }
}

/** Who a lab line is about, as log fields (an operator filters one lab's or one learner's story). */
const labFields = (lab: Lab) => ({ lab: lab.id, learner: lab.learner, exercise: lab.exercise, engine: lab.engine.kind });
