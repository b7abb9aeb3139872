// Long because: the lab lifecycle is one state machine in both of its homes (this process's memory,
// or the store shared by a cluster), and splitting the two would put each transition in two files.
// Labs for learners: the table of labs and its verbs (start in the background, reset, destroy, run
// scripts in hosts). Who may start one is capacity.ts, building one build.ts, failing one
// failures.ts, adopting what an earlier server left reconcile.ts, the idle reaper and the disk
// guard guards.ts; every call to an engine goes through the lab's runtime (runtime.ts).
import { EventEmitter } from 'node:events';
import { withDeadline } from '../deadline.js';
import { engineIdOf, type Engine } from '../engine/types.js';
import type { AdmissionLimits, ClusterStore, EngineLoad, LabRow } from '../store/types.js';
import { engineDown, isOpslabError, OpslabError } from '../errors.js';
import { labPool, parsePool, SubnetAllocator } from './addresses.js';
import { buildLab, newLab } from './build.js';
import { admit, admitOnEngine, labMemoryMiB } from './capacity.js';
import { type PlaceHolder, withRetryAfter } from './capacity-wait.js';
import { diskQuotaOf, type DiskQuota, type HostDiskUse } from './disk.js';
import { LabFailures } from './failures.js';
import { LabCluster } from './cluster.js';
import { reapRows, startDiskGuard, startIdleReaper } from './guards.js';
import { handOver, WarmPool, type PoolStatus, type WarmLabsConfig } from './pool.js';
import { poolHost } from './pool-host.js';
import { reconcileLabs, sortWarm } from './reconcile.js';
import { DEFAULT_LIMITS, type ExecResult } from './runtime.js';
import { scriptTimeoutMs } from './scripts.js';
import { appendLabLog, IDLE_MS, LABELS } from './types.js';
import { beginStart, setStage } from './stages.js';
import { hostsKey, labOfRow, missingEngine, refusedError, rowOf } from './shared.js';
import { placeLab } from './placement.js';
import { POOL_LEARNER } from './pool.js';
import type { Lab, LabBlueprint, LabManagerOptions } from './types.js';

/** Destroy waits this long for a start or reset under way, then removes what there is. */
const BUSY_DEADLINE_MS = 300_000;
/**
 * A build (networks, hosts, setup) that takes longer has an engine that stopped answering: the lab
 * fails and its place is free. An LVS lab takes ~40 s under emulation; every step is bounded too.
 */
const BUILD_DEADLINE_MS = 600_000;
/** A lab's last activity is written at most this often (the reaper counts in minutes). */
const TOUCH_WRITE_MS = 30_000;

/**
 * Events: 'gone' (labId) when a lab is destroyed, reset or failed: its terminals must end; 'ready'
 * (lab) when a start or a reset has built it (how long it took: stages.ts startElapsedMs).
 */
export class LabManager extends EventEmitter<{ gone: [labId: string]; ready: [lab: Lab] }> {
  private readonly labs = new Map<string, Lab>();
  private readonly subnets: SubnetAllocator;
  /** Allocators of engines with a pool of their own (OPSLAB_ENGINES pool=), by pool. */
  private readonly enginePools = new Map<string, SubnetAllocator>();
  /** Label value of this manager's labs (the lab view's probes and agent carry it too). */
  readonly instance: string;
  private reaper?: NodeJS.Timeout;
  private diskGuard?: NodeJS.Timeout;
  /** One lab's disk quota: what the guard enforces and what caps a single file. */
  private readonly quota: DiskQuota;
  private readonly failures: LabFailures;
  /** Warm labs (pool.ts): built ahead, handed to learners on start. Not in `labs` until handed over. */
  private readonly pool: WarmPool;
  /** The store shared with other servers, when there is one (opts.shared). */
  private readonly store?: ClusterStore;
  /** This server's name among those sharing the store. */
  readonly server: string;
  /** This server among those sharing the store: who is alive, the leases it holds (cluster.ts). */
  private readonly cluster?: LabCluster;
  private readonly touched = new Map<string, number>();
  /** A ready or failed lab nobody used for this long is destroyed (startReaper); default an hour. */
  readonly idleMs: number;
  /** The write of each lab's row under way (persist: one at a time per lab). */
  private readonly writes = new Map<string, Promise<boolean>>();

  constructor(private readonly opts: LabManagerOptions) {
    super();
    this.store = opts.shared?.store;
    this.server = opts.shared?.server ?? 'local';
    if (opts.shared) this.cluster = new LabCluster({ ...opts.shared, leases: LEASES, log: opts.log });
    this.instance = opts.instance ?? 'default';
    this.idleMs = opts.idleMs ?? IDLE_MS;
    this.quota = opts.diskQuota ?? diskQuotaOf();
    this.subnets = new SubnetAllocator(parsePool(opts.pool ?? labPool()));
    const gone = (id: string) => this.emit('gone', id);
    this.failures = new LabFailures({
      instance: this.instance,
      subnets: (engine) => this.subnetsOf(engine),
      labs: this.labs,
      gone,
      log: (lab, line) => this.logLab(lab, line),
      failed: async (lab) => void (await this.persist(lab)),
      engineDied: opts.shared ? (engine, reason) => void this.failEngineLabs(engine, reason).catch(() => {}) : undefined,
    });
    this.pool = new WarmPool(
      poolHost({
        opts,
        failures: this.failures,
        newLab: (props) => newLab({ ...props, runtime: opts.runtime(props.engine) }),
        build: (lab, blueprint, gate) => this.build(lab, blueprint, gate),
        onEngine: (engine) => this.onEngine(engine),
        learnerBusy: () => [...this.labs.values()].some((l) => l.busy !== undefined),
        // With a shared store: one server keeps the warm labs (the `warm` lease), and each is a row.
        mayFill: () => this.holds('warm'),
        removed: async (lab) => void (await this.store?.removeLab(lab.id)),
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

  /** The lab as this server last saw it, without asking anyone (undefined when it has none). */
  peek(id: string): Lab | undefined {
    return this.labs.get(id);
  }

  /** The lab, if `learner` owns it, as it is now: with a shared store, read there (any server's lab). */
  async owned(id: string, learner: string): Promise<Lab> {
    if (!this.store) return this.getOwned(id, learner);
    const lab = learner ? await this.find(id) : undefined;
    if (!lab || lab.learner !== learner) throw new OpslabError('LAB_NOT_FOUND', `No lab '${id}' of yours.`);
    return lab;
  }

  /** Any learner's lab by id, as it is now (the store's row when shared); undefined when there is none. */
  async find(id: string): Promise<Lab | undefined> {
    if (!this.store) return this.labs.get(id);
    const local = this.labs.get(id);
    if (local?.busy) return local; // this server is starting or resetting it: it knows best
    const row = await this.store.getLab(id);
    if (!row || row.learner === POOL_LEARNER) {
      if (!row && local) this.dropCached(local);
      return undefined;
    }
    return this.cache(row);
  }

  /** As list(), read from the store when shared (every server's labs). */
  async listOf(filter: { learner: string; exercise?: string } | { all: true; exercise?: string }): Promise<Lab[]> {
    if (!this.store) return this.list(filter);
    const all = 'all' in filter && filter.all === true;
    const learner = all ? undefined : (filter as { learner?: string }).learner;
    if (!all && !learner) throw new Error('LabManager.listOf needs a learner or { all: true }');
    const rows = await this.store.listLabs(learner ? { learner } : {});
    return rows.filter((r) => r.learner !== POOL_LEARNER && (!filter.exercise || r.exercise === filter.exercise)).map((r) => this.cache(r));
  }

  /** A row as this server's lab object (one per id, updated in place); a change of hosts or state ends its terminals here. */
  private cache(row: LabRow): Lab {
    const local = this.labs.get(row.id);
    if (local?.busy) return local;
    if (local && local.version !== undefined && row.version <= local.version) return local;
    const engine = this.engineById(row.engineId);
    const changed = local && (hostsKey(local) !== hostsKey({ hosts: row.detail.hosts }) || (local.state === 'ready' && row.state !== 'ready'));
    if (changed) this.emit('gone', row.id);
    const lab = labOfRow({ row, engine, runtime: this.opts.runtime, into: local })!;
    this.failures.watch(lab.engine);
    this.labs.set(lab.id, lab);
    return lab;
  }

  /** The engine of that name, or one that stands for an engine this server does not know (down). */
  private engineById(id: string): Engine {
    const engine = this.opts.engines.byId?.(id) ?? this.opts.engines.all().find((e) => engineIdOf(e) === id);
    return engine ?? missingEngine(id);
  }

  /** A lab another server destroyed: its terminals and views here end. */
  private dropCached(lab: Lab): void {
    if (lab.busy) return;
    this.labs.delete(lab.id);
    this.touched.delete(lab.id);
    this.failures.releaseSubnets(lab);
    lab.state = 'gone';
    this.emit('gone', lab.id);
  }

  /**
   * Writes the lab's row (servers sharing a store) unless another server took the lab meanwhile;
   * false when the row is gone (destroyed) or names another server (it reset or failed the lab):
   * what this server was doing with the lab then stops at its next step, and never writes over
   * the newer state. Writes of one lab go one at a time; a version moved on by this server's own
   * change (a warm lab handed over) is taken up and the write made again.
   */
  private persist(lab: Lab): Promise<boolean> {
    const store = this.store;
    if (!store || lab.state === 'gone') return Promise.resolve(true);
    const write = async (): Promise<boolean> => {
      for (let attempt = 0; attempt < 3; attempt++) {
        const version = await store.updateLab(rowOf(lab, { server: this.server, memoryMiB: this.memoryOf(lab) }));
        if (version !== undefined) {
          lab.version = version;
          return true;
        }
        const now = await store.getLab(lab.id);
        if (!now || now.server !== this.server || now.learner !== lab.learner) return false;
        lab.version = now.version;
      }
      return false;
    };
    const next = (this.writes.get(lab.id) ?? Promise.resolve(true)).then(write, write);
    this.writes.set(lab.id, next);
    void next.finally(() => this.writes.get(lab.id) === next && this.writes.delete(lab.id)).catch(() => {});
    return next;
  }

  /** Memory a lab's hosts may take on its engine, MiB (what placement counts). */
  private memoryOf(lab: Pick<Lab, 'exercise' | 'engine'>): number {
    return labMemoryMiB({ hosts: this.opts.blueprint?.(lab.exercise)?.topology.hosts.length ?? 1, engine: lab.engine, limits: this.opts.limits ?? DEFAULT_LIMITS });
  }

  /** The caps a new lab on `engine` is admitted under (in the store, across every server). */
  private admissionLimits(engine?: Engine): AdmissionLimits {
    return {
      maxLabs: this.opts.maxLabs ?? 100,
      maxLabsPerLearner: this.opts.maxLabsPerLearner ?? 3,
      maxLabsPerAddress: this.opts.maxLabsPerAddress ?? 20,
      engineLabs: engine && (engine.capacity?.labs ?? engine.labBudget?.maxLabs),
      engineMemoryMiB: engine?.capacity?.memoryMiB,
    };
  }

  // ------------------------------------------------------------------ lifecycle

  /**
   * Start a lab for `learner`. Returns at once with the lab `starting`; `ready()` waits for it.
   * A learner's live lab for the same exercise is returned instead of a second one. A refusal for
   * capacity says when to try again (capacity-wait.ts).
   */
  async start(props: { learner: string; blueprint: LabBlueprint; address?: string }): Promise<Lab> {
    try {
      return await this.admitAndStart(props);
    } catch (e) {
      if (!isOpslabError(e, 'CAPACITY')) throw e;
      throw withRetryAfter(e, { holders: await this.placeHolders().catch(() => []), idleMs: this.idleMs, learner: props.learner, address: props.address });
    }
  }

  /** Learners' live labs (every server's with a shared store), as places the capacity caps count. */
  private async placeHolders(): Promise<PlaceHolder[]> {
    const live = ['starting', 'ready'];
    if (!this.store) return [...this.labs.values()].filter((l) => live.includes(l.state)).map((l) => ({ learner: l.learner, address: l.address, engineId: engineIdOf(l.engine), lastActive: l.lastActive }));
    return (await this.store.listLabs({ states: live })).filter((r) => r.learner !== POOL_LEARNER);
  }

  private async admitAndStart(props: { learner: string; blueprint: LabBlueprint; address?: string }): Promise<Lab> {
    const { learner, blueprint, address } = props;
    if (!learner) throw new Error('LabManager.start needs a learner');
    if (this.store) return this.startShared(props);
    const limits = this.admissionLimits();
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

  /**
   * start() with a shared store: the caps are checked in the store in the transaction that inserts
   * the lab (every server's labs count), the engine is placed by the load the store knows.
   */
  private async startShared(props: { learner: string; blueprint: LabBlueprint; address?: string }): Promise<Lab> {
    const store = this.store!;
    const { learner, blueprint, address } = props;
    // Asked first, cheaply: the learner's lab of this exercise is theirs again, whichever server made it.
    const mine = await store.listLabs({ learner, states: ['starting', 'ready'] });
    const same = mine.find((r) => r.exercise === blueprint.exercise);
    if (same) return this.cache(same);
    if (mine.some((r) => r.state === 'starting')) throw new OpslabError('LAB_ALREADY_STARTING');
    if (mine.length >= (this.opts.maxLabsPerLearner ?? 3)) throw refusedError('learner', mine.length);
    const warm = this.pool.take(blueprint.exercise);
    if (warm) {
      const claimed = await store.claimWarmLab({ id: warm.id, learner, address, limits: this.admissionLimits(), poolLearner: POOL_LEARNER }).catch((e: unknown) => e as Error);
      if (claimed && !(claimed instanceof Error) && !('refused' in claimed)) {
        this.labs.set(warm.id, handOver({ lab: warm, learner, address }));
        warm.version = claimed.version;
        this.logLab(warm, warm.state === 'ready' ? 'a warm lab, set up before you asked: yours now' : 'a warm lab already being set up: yours now');
        void this.persist(warm).catch(() => {});
        return warm;
      }
      this.pool.adopt(warm); // not taken: it stays warm
      if (claimed && 'refused' in claimed) throw refusedError(claimed.refused, claimed.count);
    }
    // Placed inside the admission, by the loads at that moment (placement.ts): a burst of starts on
    // several servers spreads over the engines instead of all reading the same loads.
    const candidates = await this.candidates(blueprint);
    const drained = await store.drained();
    // Warm labs give way to a learner's: one on an engine this server filled with them is removed first.
    for (const engine of candidates) if (this.onEngine(engine) >= (engine.labBudget?.maxLabs ?? Number.POSITIVE_INFINITY)) await this.pool.evictOn(engine);
    let lab: Lab | undefined;
    const place = (loads: Record<string, EngineLoad>) => {
      const engine = placeLab({ candidates, drained, loads, memoryMiB: (e) => this.memoryOf({ exercise: blueprint.exercise, engine: e }) });
      lab = newLab({ learner, address, exercise: blueprint.exercise, engine, runtime: this.opts.runtime(engine) });
      beginStart(lab, 'networks');
      return { row: rowOf(lab, { server: this.server, memoryMiB: this.memoryOf(lab) }), limits: this.admissionLimits(engine) };
    };
    const asked = newLab({ learner, address, exercise: blueprint.exercise, engine: candidates[0]!, runtime: this.opts.runtime(candidates[0]!) });
    const admission = await store.admitLab({ row: rowOf(asked, { server: this.server, memoryMiB: 0 }), limits: this.admissionLimits(), poolLearner: POOL_LEARNER, place });
    if (!admission.admitted) {
      if ('existing' in admission) return this.cache(admission.existing);
      throw refusedError(admission.refused, admission.count, lab?.engine);
    }
    const made = lab!;
    this.failures.watch(made.engine);
    made.version = admission.row.version;
    this.labs.set(made.id, made);
    made.busy = this.build(made, blueprint).finally(() => (made.busy = undefined));
    return made;
  }

  /** Engines that can run the blueprint now (answer, have its features, not seen dead here). */
  private async candidates(blueprint: LabBlueprint): Promise<Engine[]> {
    const engines = this.opts.engines;
    const all = engines.candidates
      ? await engines.candidates(blueprint.requires).catch((e) => {
          throw engineDown(e);
        })
      : [await this.pick(blueprint)];
    const answers = await Promise.all(all.map(async (e) => !this.failures.isDead(e) && (await e.ping())));
    const live = all.filter((_, i) => answers[i]);
    if (!live.length) throw new OpslabError('ENGINE_DOWN', `No lab engine that can run this lab answers (${all.map(engineIdOf).join(', ')}); no lab was created. It may be restarting; if not, run \`opslab engine up\`.`);
    return live;
  }

  /** An engine for the blueprint by the loads now (a reset whose engine died). */
  private async place(blueprint: LabBlueprint): Promise<Engine> {
    const [candidates, drained, loads] = await Promise.all([this.candidates(blueprint), this.store!.drained(), this.store!.engineLoads()]);
    const engine = placeLab({ candidates, drained, loads, memoryMiB: (e) => this.memoryOf({ exercise: blueprint.exercise, engine: e }) });
    this.failures.watch(engine);
    return engine;
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
    const found = this.store ? await this.find(id) : this.get(id);
    if (!found) throw new OpslabError('LAB_NOT_FOUND', `No lab '${id}'.`);
    if (found.busy) throw new OpslabError('LAB_BUSY');
    const blueprint = this.opts.blueprint?.(found.exercise);
    if (!blueprint) throw new OpslabError('EXERCISE_NOT_FOUND', `Exercise '${found.exercise}' is no longer in the curriculum.`);
    const lab = this.store ? await this.claimForReset(id) : found;
    lab.state = 'starting';
    lab.error = undefined;
    lab.warm = undefined; // rebuilt for its learner now
    lab.log = [];
    beginStart(lab, 'clearing');
    this.emit('gone', lab.id);
    lab.busy = (async () => {
      await this.persist(lab);
      if (this.failures.isDead(lab.engine)) {
        setStage(lab, 'engine');
        // Its engine died (a VM that was killed, a pool engine that stopped answering): build it
        // again on a live one, booted if need be.
        lab.engine = this.store ? await this.place(blueprint) : await this.pick(blueprint);
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
   * With a shared store: the lab, taken for a reset by this server (its row moved to `starting`
   * with this server's name, if nobody changed it meanwhile). A start or reset under way on a live
   * server makes it LAB_BUSY; one whose server died is taken over.
   */
  private async claimForReset(id: string): Promise<Lab> {
    const lab = await this.find(id);
    if (!lab) throw new OpslabError('LAB_NOT_FOUND', `No lab '${id}'.`);
    if (lab.busy) throw new OpslabError('LAB_BUSY');
    const row = await this.store!.getLab(id);
    if (!row) throw new OpslabError('LAB_NOT_FOUND', `No lab '${id}'.`);
    if (row.state === 'starting' && row.server !== this.server && this.isAlive(row.server)) throw new OpslabError('LAB_BUSY');
    const version = await this.store!.updateLab({ ...row, state: 'starting', server: this.server });
    if (version === undefined) throw new OpslabError('LAB_BUSY');
    lab.version = version;
    return lab;
  }

  /**
   * Destroys a lab this manager knows; for an id it does not (a half-built lab of an earlier run, or
   * one whose exercise is gone) removes whatever carries that lab's label on every engine.
   */
  async remove(id: string): Promise<void> {
    if (this.labs.has(id) || (this.store && (await this.find(id)))) return this.destroy(id);
    for (const engine of this.opts.engines.all()) await this.opts.runtime(engine).removeLab({ instance: this.instance, lab: id });
  }

  async destroy(id: string): Promise<void> {
    const lab = this.store ? await this.find(id) : this.get(id);
    if (!lab) throw new OpslabError('LAB_NOT_FOUND', `No lab '${id}'.`);
    if (lab.busy) await withDeadline(lab.busy, BUSY_DEADLINE_MS, `lab ${lab.id} finishing its start or reset`).catch(() => {});
    // The row first: a server building it elsewhere stops at its next step, and no server lists it again.
    await this.store?.removeLab(lab.id);
    this.emit('gone', lab.id);
    // An engine that does not remove it (stuck, restarting) does not keep the lab alive: it is gone
    // for its learner and takes no place; the removal is owed and tried again every round.
    let removed = true;
    if (!this.failures.isDead(lab.engine)) {
      await lab.runtime.removeLab({ instance: this.instance, lab: lab.id }).catch((e: unknown) => {
        removed = false;
        this.failures.oweRemoval(lab, e);
      });
    }
    if (removed) {
      this.failures.releaseSubnets(lab);
      this.failures.forget(lab.id);
    }
    lab.state = 'gone';
    this.labs.delete(id);
    this.touched.delete(id);
    this.pool.kick(); // its place may be what a warm lab waited for
    this.opts.log?.('lab destroyed', labFields(lab));
  }

  /** Run a script (with the helper prelude) in one host of a ready lab. */
  async run(props: { lab: Lab; host: string; script: string; timeoutMs: number }): Promise<ExecResult> {
    const { lab } = props;
    const host = lab.hosts.find((h) => h.name === props.host);
    if (!host) throw new OpslabError('HOST_NOT_FOUND', `Lab ${lab.id} has no host '${props.host}'.`);
    this.touch(lab.id);
    lab.lastActive = new Date();
    const script = `${this.opts.scriptPrelude ?? ''}\n${props.script}`;
    return lab.runtime.exec({ host, script, env: { ...lab.env, OPSLAB_HOST: host.name }, timeoutMs: scriptTimeoutMs(lab.engine, props.timeoutMs) });
  }

  /**
   * The learner asks for more time (POST /api/labs/:id/extend): the lab counts as used now, so the
   * idle reaper leaves it for another `idleMs`. With a shared store the activity is written there at
   * once (every server's reaper reads it there), not at touch()'s pace. With `learner`, only that
   * learner's lab (as owned(): another's is LAB_NOT_FOUND), found with the same one look-up.
   */
  async extend(id: string, learner?: string): Promise<Lab> {
    const lab = learner === undefined ? await this.find(id) : await this.owned(id, learner);
    if (!lab) throw new OpslabError('LAB_NOT_FOUND', `No lab '${id}'.`);
    lab.lastActive = new Date();
    if (this.store) {
      this.touched.set(id, Date.now());
      await this.store.touchLab(id, lab.lastActive.toISOString());
    }
    return lab;
  }

  touch(id: string): void {
    const lab = this.labs.get(id);
    if (!lab) return;
    lab.lastActive = new Date();
    // Every server's reaper reads the store: the activity is written there, at most every 30 s.
    if (!this.store || Date.now() - (this.touched.get(id) ?? 0) < TOUCH_WRITE_MS) return;
    this.touched.set(id, Date.now());
    this.store.touchLab(id, lab.lastActive.toISOString()).catch(() => {});
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

  private async build(lab: Lab, blueprint: LabBlueprint, warmGate?: (lab: Lab) => Promise<void>): Promise<void> {
    const log = (line: string) => this.logLab(lab, line);
    const { resolveImage, hostConfig } = this.opts;
    const limits = { fileBytes: this.quota.bytes, ...(this.opts.limits ?? DEFAULT_LIMITS) };
    const run = (props: { lab: Lab; host: string; script: string; timeoutMs: number }) => this.run(props);
    // With a shared store the row says how far the build is (for every server), and a lab destroyed
    // meanwhile (its row gone) stops at the next step.
    let abandoned = false;
    const saved = async () => {
      if (!this.store || abandoned) return;
      if (!(await this.persist(lab).catch(() => true))) abandoned = true;
    };
    const gate = async () => {
      await saved();
      if (abandoned) throw new OpslabError('LAB_NOT_FOUND', 'The lab was destroyed while it was being built.');
      await warmGate?.(lab);
    };
    if (this.store && lab.learner === POOL_LEARNER && lab.version === undefined) {
      // A warm lab is a row too: it takes its engine's room for every server, and is found again after a restart.
      const admission = await this.store.admitLab({ row: rowOf(lab, { server: this.server, memoryMiB: this.memoryOf(lab) }), limits: this.admissionLimits(lab.engine), poolLearner: POOL_LEARNER });
      if (!admission.admitted) return this.failures.failLab(lab, new OpslabError('CAPACITY', `Its engine is full for warm labs (${'refused' in admission ? admission.refused : 'taken'}).`));
      lab.version = 0;
    }
    // Past its deadline the build stops at its next step (the one under way cannot be taken back).
    let late = false;
    const deadlineMs = this.opts.buildDeadlineMs ?? BUILD_DEADLINE_MS;
    const checked = (): Promise<void> | undefined => {
      if (late) throw new OpslabError('LAB_SETUP_FAILED', 'The build was given up: it ran past its deadline.');
      return this.store || warmGate ? gate() : undefined;
    };
    const ctx = { instance: this.instance, subnets: this.subnetsOf(lab.engine), limits, resolveImage, hostConfig, setupTimeoutMs: this.opts.setupTimeoutMs ?? 120_000, run, log, gate: checked };
    // Destroyed or taken by another server while we built it: nothing of ours may stay on the engine.
    const abandon = async () => {
      lab.state = 'gone';
      this.labs.delete(lab.id);
      await lab.runtime.removeLab({ instance: this.instance, lab: lab.id }).catch(() => {});
      this.failures.releaseSubnets(lab);
    };
    const building = buildLab({ lab, blueprint, ctx });
    await withDeadline(building, deadlineMs, `building the lab on the ${engineIdOf(lab.engine)} engine`, () => {
      late = true;
      // For the operator: where it stuck, and what a VM's console last said.
      const tail = lab.engine.consoleTail?.(30);
      this.opts.log?.(`lab build ran past its ${Math.round(deadlineMs / 1000)} s deadline at "${lab.stage?.label ?? 'its start'}"${tail ? `; the engine's console ends:\n${tail}` : ''}`, labFields(lab));
      // What the engine makes after it answers at last is removed once the abandoned build ends, unless
      // the lab was reset or deleted meanwhile (its own build or removal then owns what is there).
      void building
        .catch(() => {})
        .then(async () => {
          if (lab.state === 'failed' && !lab.busy && this.labs.get(lab.id) === lab) await lab.runtime.removeLab({ instance: this.instance, lab: lab.id }).catch(() => {});
        });
    }).then(
      async () => {
        await saved();
        if (abandoned) return abandon();
        this.emit('ready', lab);
      },
      async (e: unknown) => {
        if (abandoned) return abandon();
        await this.failures.failLab(lab, e);
      },
    );
  }

  /** Subnets of `engine`'s pool (OPSLAB_ENGINES pool=), else the manager's. */
  private subnetsOf(engine: Engine): SubnetAllocator {
    if (!engine.pool) return this.subnets;
    const known = this.enginePools.get(engine.pool);
    if (known) return known;
    const made = new SubnetAllocator(parsePool(engine.pool));
    this.enginePools.set(engine.pool, made);
    return made;
  }

  private logLab(lab: Lab, line: string): void {
    appendLabLog(lab, line);
    this.opts.log?.(line, labFields(lab));
  }

  // ------------------------------------------------------------------ restart, background rounds

  /**
   * At start-up: adopt labs whose containers all run and whose exercise still exists; remove the rest.
   * Returns what it did, for the log and for tests.
   */
  async reconcile(opts: { adoptOnly?: boolean } = {}): Promise<{ adopted: string[]; removed: string[] }> {
    if (this.store) return this.reconcileShared();
    const { adopted, removed } = await reconcileLabs({
      engines: this.opts.engines.all(),
      runtime: this.opts.runtime,
      instance: this.instance,
      blueprint: this.opts.blueprint,
      subnets: (engine) => this.subnetsOf(engine),
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

  /**
   * reconcile() with a shared store, whose rows are the truth (at start, then every minute by the
   * holder of the `reconcile` lease): a lab that was starting on a server that is gone (this one's
   * earlier life included) failed, and what it made is removed; a warm lab of a gone server is
   * removed, one of this server's earlier life taken back; whatever carries our label on an engine
   * but has no row is removed (a destroy whose removal failed, a server killed mid-destroy); labs
   * of an older version (rows without hosts) whose containers are complete are adopted from their
   * labels. Nothing is adopted twice: a lab is its row, whichever server reads it.
   */
  private async reconcileShared(): Promise<{ adopted: string[]; removed: string[] }> {
    const store = this.store!;
    await this.cluster?.refresh();
    const rows = await store.listLabs();
    const removed: string[] = [];
    const adopted: string[] = [];
    const goneServer = (server?: string) => server !== this.server && !this.isAlive(server);
    for (const row of rows) {
      const local = this.labs.get(row.id);
      if (local?.busy || this.pool.has(row.id)) continue;
      // This server's own rows it has no lab for are of its earlier life: what it was doing is lost.
      const earlierLife = row.server === this.server && !local;
      if (row.learner === POOL_LEARNER) {
        if (earlierLife && row.state === 'ready') {
          this.pool.adopt(labOfRow({ row, engine: this.engineById(row.engineId), runtime: this.opts.runtime })!);
        } else if (earlierLife || goneServer(row.server)) {
          const lab = labOfRow({ row, engine: this.engineById(row.engineId), runtime: this.opts.runtime })!;
          if (!this.failures.isDead(lab.engine)) await lab.runtime.removeLab({ instance: this.instance, lab: lab.id }).catch(() => {});
          await store.removeLab(row.id);
          removed.push(row.id);
        }
        continue;
      }
      // A row of an older version (no server, no hosts) is adopted from its labels below, not failed here.
      if (row.state === 'starting' && row.server && (earlierLife || goneServer(row.server))) {
        const lab = this.cache(row);
        await this.failures.failLab(lab, new OpslabError('LAB_SETUP_FAILED', 'The server that was building this lab stopped before it was ready. Reset the lab to build it again.'));
        this.opts.log?.('a start left by a server that stopped: failed and removed', labFields(lab));
      }
    }
    // Labs of an engine this server knows and sees dead (it died before this server held the lease).
    const deadEngines = new Map<string, Engine>();
    for (const row of rows) {
      const engine = this.opts.engines.byId?.(row.engineId);
      if (engine && this.failures.isDead(engine) && (row.state === 'ready' || row.state === 'starting')) deadEngines.set(row.engineId, engine);
    }
    for (const engine of deadEngines.values()) await this.failEngineLabs(engine, 'it does not answer');
    // What carries our label on an engine but has no row.
    const known = new Set(rows.map((r) => r.id));
    for (const engine of this.opts.engines.all()) {
      if (this.failures.isDead(engine) || !(await engine.ping())) continue;
      const runtime = this.opts.runtime(engine);
      const { containers, networks } = await runtime.listManaged({ instance: this.instance });
      const ids = new Set([...containers, ...networks].map((r) => r.Labels[LABELS.lab]).filter((x): x is string => Boolean(x)));
      for (const id of ids) {
        if (known.has(id) || this.labs.get(id)?.busy || this.pool.has(id)) continue;
        if (await store.getLab(id)) continue; // made since the rows were read
        await runtime.removeLab({ instance: this.instance, lab: id }).catch(() => {});
        removed.push(id);
      }
    }
    // Rows of an older version (written at start, never updated): adopted from their containers' labels.
    const legacy = new Map(rows.filter((r) => r.learner !== POOL_LEARNER && !r.server).map((r) => [r.id, r]));
    if (legacy.size) {
      const { adopted: found } = await reconcileLabs({ engines: this.opts.engines.all(), runtime: this.opts.runtime, instance: this.instance, blueprint: this.opts.blueprint, subnets: (e) => this.subnetsOf(e), known: (id) => !legacy.has(id), adoptOnly: true });
      for (const lab of found) {
        const row = legacy.get(lab.id)!;
        Object.assign(lab, { learner: row.learner, address: row.address, version: row.version });
        this.labs.set(lab.id, lab);
        await this.persist(lab);
        adopted.push(lab.id);
        legacy.delete(lab.id);
      }
      // The rest were not whole (a start the older server never finished): their rows go, and what
      // they left on an engine goes at the next round (nothing of ours without a row stays).
      for (const id of legacy.keys()) {
        await store.removeLab(id);
        removed.push(id);
      }
    }
    if (adopted.length || removed.length) this.opts.log?.(`reconcile: adopted ${adopted.length} lab(s) of an older version, removed ${removed.length}`);
    return { adopted, removed };
  }

  /**
   * With a shared store, an engine this server saw die: if it holds the `reconcile` lease, every
   * live lab of the engine fails, every server's (one server decides, so a network fault between
   * one server and an engine does not fail a whole class); otherwise it only places no new lab there.
   */
  private async failEngineLabs(engine: Engine, reason: string): Promise<void> {
    if (!this.store || !this.holds('reconcile')) return;
    const rows = await this.store.listLabs({ engineId: engineIdOf(engine), states: ['starting', 'ready'] }).catch(() => []);
    for (const row of rows) {
      if (row.learner === POOL_LEARNER) continue; // the pool drops its own
      const local = this.labs.get(row.id);
      if (local?.busy) continue; // its build fails on its own
      const lab = this.cache(row);
      if (lab.state === 'failed') continue;
      await this.failures.failLab(lab, new OpslabError('ENGINE_DOWN', `The engine ${engineIdOf(engine)} this lab ran on stopped (${reason}). Reset the lab to build it again on another engine.`));
    }
  }

  // ------------------------------------------------------------------ servers sharing a store

  /** True when `server` was heard from lately (this one always is; without a store, only this one). */
  isAlive(server: string | undefined): boolean {
    return this.cluster ? this.cluster.isAlive(server) : server === this.server;
  }

  /** Where another server is reached (its OPSLAB_ADVERTISE_URL), while it is alive. */
  urlOf(server: string): string | undefined {
    return this.cluster?.urlOf(server);
  }

  /** True while this server holds the lease of background work `name` (always, without a shared store). */
  holds(name: (typeof LEASES)[number]): boolean {
    return !this.cluster || this.cluster.holds(name);
  }

  /**
   * Joins the servers sharing the store (cluster.ts), hears of labs they change (a reset or destroy
   * there ends this server's terminals of the lab), and reconciles every minute while it holds
   * that lease. The disk guard's holder keeps every ready lab in view, whichever server started it.
   */
  async joinCluster(): Promise<void> {
    const { cluster, store } = this;
    if (!cluster || !store) return;
    await cluster.join({
      onLabChange: (id) => {
        const local = this.labs.get(id);
        if (local && !local.busy) void this.find(id).catch(() => {});
      },
      afterBeat: async () => {
        if (this.holds('guard')) for (const row of await store.listLabs({ states: ['ready'] })) if (row.learner !== POOL_LEARNER) this.cache(row);
      },
    });
    cluster.every('reconcile', 60_000, async () => void (await this.reconcileShared()));
  }

  /** Destroy labs idle longer than idleMs, every minute (with a shared store: the `reaper` lease holder, over every server's labs). */
  startReaper(everyMs = 60_000): void {
    clearInterval(this.reaper);
    const log = (line: string) => this.opts.log?.(line);
    const idleMs = this.idleMs;
    if (this.store && this.cluster) {
      const store = this.store;
      this.cluster.every('reaper', everyMs, () =>
        reapRows({ store, idleMs, skip: (id) => this.labs.get(id)?.busy !== undefined, lastActive: (id) => this.labs.get(id)?.lastActive, destroy: (id) => this.destroy(id), log, poolLearner: POOL_LEARNER }),
      );
      return;
    }
    this.reaper = startIdleReaper({ labs: () => this.labs.values(), idleMs, everyMs, destroy: (id) => this.destroy(id), log });
  }

  /** Stop labs over the manager's `diskQuota` (guards.ts), measured every `everyMs`. */
  startDiskGuard(props: { everyMs?: number } = {}): void {
    clearInterval(this.diskGuard);
    this.diskGuard = startDiskGuard({
      // With a shared store only the `guard` lease holder measures (every server's ready labs).
      labs: () => (this.holds('guard') ? this.labs.values() : []),
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
    await this.cluster?.leave();
  }
}

/** Who a lab line is about, as log fields (an operator filters one lab's or one learner's story). */
const labFields = (lab: Lab) => ({ lab: lab.id, learner: lab.learner, exercise: lab.exercise, engine: lab.engine.kind });

/** Background work one server of those sharing a store does at a time. */
const LEASES = ['reaper', 'reconcile', 'guard', 'warm'] as const;
