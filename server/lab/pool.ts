// Warm labs: labs already built and set up, kept per exercise and handed to a learner when they
// click Start (their owner changes; nothing is re-created). The pool refills in the background at
// low priority: a warm lab's build waits at every step while a learner's lab is starting, never
// takes an engine's last free place, and stays within a memory budget. A warm lab still building
// is handed over too (the learner gets it sooner than a fresh one). Warm labs carry the learner
// label POOL_LEARNER; a restarted server takes them back into the pool (reconcile.ts), or gives
// them to the learner the store says claimed them.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Engine } from '../engine/types.js';
import type { Log } from '../log.js';
import type { Lab } from './types.js';

/** The learner label of a warm lab: no learner id can be this (they are hex or base64url). */
export const POOL_LEARNER = '~warm';

/** How many warm labs to keep: per exercise, else by the engine an exercise runs on. */
export interface WarmLabsConfig {
  vm: number;
  local: number;
  exercises: Record<string, number>;
  /** All warm labs together may take this much of their engines' memory. */
  memoryMiB: number;
}

export const NO_WARM_LABS: WarmLabsConfig = { vm: 0, local: 0, exercises: {}, memoryMiB: 0 };

/** A warm lab becomes `learner`'s: owner, address and times change; nothing is re-created. */
export function handOver(props: { lab: Lab; learner: string; address?: string }): Lab {
  const { lab, learner, address } = props;
  lab.learner = learner;
  if (address !== undefined) lab.address = address;
  lab.createdAt = new Date();
  lab.lastActive = new Date();
  return lab;
}

export interface PoolStatus {
  /** Warm labs per exercise: ready, still building, and how many are wanted. */
  exercises: Record<string, { ready: number; building: number; want: number }>;
  memoryMiB: { used: number; budget: number };
  /** Warm labs handed to learners since this server started. */
  handedOut: number;
}

/** What the pool needs from the lab manager. */
export interface PoolHost {
  /** Exercises with labs, in curriculum order. */
  exercises(): string[];
  /** The engine a lab of `exercise` would run on (the vm engine is booted if need be); undefined when none can. */
  engineFor(exercise: string): Promise<Engine | undefined>;
  /** Memory one lab of `exercise` takes on `engine` (its hosts' limits), in MiB. */
  memoryOf(exercise: string, engine: Engine): number;
  /** Whether `engine` has room for another lab beyond the one kept free for learners. */
  roomOn(engine: Engine): boolean;
  /** Builds a warm lab (owner POOL_LEARNER) on `engine`; `gate` is awaited before every step. */
  build(props: { exercise: string; engine: Engine; gate: (lab: Lab) => Promise<void> }): Lab;
  /** Removes a warm lab from its engine and frees its subnets. */
  remove(lab: Lab): Promise<void>;
  /** True while a learner's lab is starting or resetting (warm builds wait). */
  learnerBusy(): boolean;
  isDead(engine: Engine): boolean;
  /** False while another server keeps the warm labs (absent: always this one). */
  mayFill?: () => boolean;
  log: Log;
}

export class WarmPool {
  private readonly labs = new Map<string, Lab>();
  private config: WarmLabsConfig = NO_WARM_LABS;
  private timer?: NodeJS.Timeout;
  private filling?: Promise<void>;
  private again = false;
  private closed = false;
  private handedOut = 0;
  /** Exercise → when a warm build of it last failed, and how long to wait before the next. */
  private readonly backoff = new Map<string, { until: number; ms: number }>();
  /** The engine kind each exercise ran on when last looked at (for `want`). */
  private readonly kinds = new Map<string, string>();
  /** Warm labs whose removal from their engine failed: their subnets stay held until it succeeds. */
  private readonly leftovers = new Set<Lab>();
  /** Warm labs being built that must stop at their next step (made room for a learner, or closing). */
  private readonly stopping = new Set<string>();

  constructor(private readonly host: PoolHost) {}

  /** The warm labs of `exercise`, ready or building. */
  private of(exercise: string): Lab[] {
    return [...this.labs.values()].filter((l) => l.exercise === exercise);
  }

  /** Starts keeping warm labs as `config` says; a round every `everyMs` and after every change. */
  start(config: WarmLabsConfig, everyMs = 30_000): void {
    if (this.closed) return;
    this.config = config;
    clearInterval(this.timer);
    this.timer = setInterval(() => this.kick(), everyMs);
    this.timer.unref();
    this.kick();
  }

  /** Warm labs wanted for `exercise` on an engine of `kind`. */
  want(exercise: string, kind = this.kinds.get(exercise)): number {
    const explicit = this.config.exercises[exercise];
    if (explicit !== undefined) return explicit;
    if (kind === 'vm') return this.config.vm;
    return kind ? this.config.local : 0;
  }

  /**
   * A warm lab of `exercise` for a learner: a ready one first, else one still building; removed from
   * the pool (the caller makes it the learner's in the same tick). Labs on a dead engine are skipped.
   */
  take(exercise: string): Lab | undefined {
    const mine = this.of(exercise).filter((l) => !this.host.isDead(l.engine) && l.state !== 'failed');
    const lab = mine.find((l) => l.state === 'ready') ?? mine.find((l) => l.state === 'starting');
    if (!lab) return undefined;
    this.labs.delete(lab.id);
    this.handedOut++;
    this.kick();
    return lab;
  }

  /**
   * Removes a warm lab on `engine` so a learner's lab fits: a ready one least wanted, else one being
   * built (stopped at its next step). False when there is none.
   */
  async evictOn(engine: Engine): Promise<boolean> {
    const mine = [...this.labs.values()].filter((l) => l.engine === engine);
    const byWant = (a: Lab, b: Lab) => this.want(a.exercise) - this.want(b.exercise);
    const lab = mine.filter((l) => !l.busy).sort(byWant)[0] ?? mine.sort(byWant)[0];
    if (!lab) return false;
    this.labs.delete(lab.id);
    this.host.log('warm lab removed to make room for a learner', { lab: lab.id, exercise: lab.exercise });
    if (lab.busy) {
      this.stopping.add(lab.id);
      await lab.busy;
      this.stopping.delete(lab.id);
    }
    await this.removeOrKeep(lab);
    return true;
  }

  /** Whether lab `id` is one of the pool's. */
  has(id: string): boolean {
    return this.labs.has(id);
  }

  /** A warm lab a restarted server found on an engine. */
  adopt(lab: Lab): void {
    this.labs.set(lab.id, lab);
  }

  /** Warm labs on `engine`, counted against its places. */
  on(engine: Engine): number {
    return [...this.labs.values()].filter((l) => l.engine === engine && l.state !== 'failed').length;
  }

  all(): Lab[] {
    return [...this.labs.values()];
  }

  status(): PoolStatus {
    const exercises: PoolStatus['exercises'] = {};
    for (const ex of this.host.exercises()) {
      const want = this.want(ex);
      const mine = this.of(ex);
      if (want === 0 && mine.length === 0) continue;
      exercises[ex] = { ready: mine.filter((l) => l.state === 'ready').length, building: mine.filter((l) => l.state === 'starting').length, want };
    }
    return { exercises, memoryMiB: { used: this.memoryUsed(), budget: this.config.memoryMiB }, handedOut: this.handedOut };
  }

  /** Asks for a fill round soon (one runs at a time; a request during one runs another after it). */
  kick(): void {
    if (this.closed) return;
    if (this.filling) {
      this.again = true;
      return;
    }
    this.filling = this.fill()
      .catch((e: unknown) => this.host.log(`warm labs: ${(e as Error).message}`, { level: 'warn' }))
      .finally(() => {
        this.filling = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Stops refilling; with `destroy`, removes every warm lab (tests). Without, they stay for the next server. */
  async close(opts: { destroy?: boolean } = {}): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    // A warm build under way stops at its next step (and is removed) rather than run on.
    for (const lab of this.labs.values()) if (lab.busy) this.stopping.add(lab.id);
    await this.filling;
    if (opts.destroy) {
      await Promise.all([...this.labs.values(), ...this.leftovers].map((l) => this.host.remove(l).catch(() => {})));
      this.labs.clear();
      this.leftovers.clear();
    }
  }

  /** Removes a warm lab; one whose removal fails is kept (with its subnets) and tried again each round. */
  private async removeOrKeep(lab: Lab): Promise<void> {
    try {
      await this.host.remove(lab);
      this.leftovers.delete(lab);
    } catch (e) {
      this.leftovers.add(lab);
      this.host.log(`warm lab ${lab.id}: removing it failed, trying again later (${(e as Error).message})`, { level: 'warn', lab: lab.id });
    }
  }

  private memoryUsed(): number {
    return [...this.labs.values()].reduce((n, l) => n + this.host.memoryOf(l.exercise, l.engine), 0);
  }

  /** One round: drop what died or is not wanted, then start at most one warm build (the next round starts the next). */
  private async fill(): Promise<void> {
    for (const lab of [...this.leftovers]) await this.removeOrKeep(lab);
    for (const lab of [...this.labs.values()]) {
      if (lab.busy) continue;
      const extra = this.of(lab.exercise).filter((l) => !l.busy).length > this.want(lab.exercise);
      if (lab.state === 'failed' || this.host.isDead(lab.engine) || extra || this.config.memoryMiB <= 0) {
        this.labs.delete(lab.id);
        await this.removeOrKeep(lab);
      }
    }
    if (this.config.memoryMiB <= 0 || this.host.mayFill?.() === false) return;
    for (const exercise of this.host.exercises()) {
      if (this.closed) return;
      if (this.host.learnerBusy()) {
        // Behind learners: look again soon rather than at the next round.
        setTimeout(() => this.kick(), 500).unref();
        return;
      }
      const off = this.backoff.get(exercise);
      if (off && Date.now() < off.until) continue;
      if (this.want(exercise, 'vm') === 0 && this.want(exercise, 'local') === 0) continue;
      const have = this.of(exercise).length;
      if (this.kinds.has(exercise) && have >= this.want(exercise)) continue;
      const engine = await this.host.engineFor(exercise);
      if (!engine || this.closed) continue;
      this.kinds.set(exercise, engine.kind);
      if (have >= this.want(exercise)) continue;
      if (this.memoryUsed() + this.host.memoryOf(exercise, engine) > this.config.memoryMiB) continue;
      if (!this.host.roomOn(engine)) continue;
      await this.buildOne(exercise, engine);
      this.again = true;
      return;
    }
  }

  private async buildOne(exercise: string, engine: Engine): Promise<void> {
    // Low priority: before each step, wait while a learner's lab is starting (a lab handed over
    // mid-build is the learner's: it waits for nobody).
    const gate = async (lab: Lab) => {
      if (lab.learner !== POOL_LEARNER) return;
      for (;;) {
        if (this.stopping.has(lab.id)) throw new Error('stopped: its place went to a learner, or the server is stopping');
        if (!this.host.learnerBusy()) return;
        await sleep(250);
      }
    };
    const lab = this.host.build({ exercise, engine, gate });
    this.labs.set(lab.id, lab);
    const started = Date.now();
    await lab.busy;
    if (lab.state === 'ready') {
      this.backoff.delete(exercise);
      this.host.log(`warm lab of ${exercise} ready in ${((Date.now() - started) / 1000).toFixed(1)} s`, { lab: lab.id, exercise });
      return;
    }
    if (lab.learner !== POOL_LEARNER) return; // handed over mid-build: the learner sees how it went
    if (!this.labs.has(lab.id)) return; // evicted, or closing: whoever stopped it removes it
    this.labs.delete(lab.id);
    const ms = Math.min((this.backoff.get(exercise)?.ms ?? 15_000) * 2, 600_000);
    this.backoff.set(exercise, { until: Date.now() + ms, ms });
    this.host.log(`warm lab of ${exercise} failed (${lab.error?.message ?? 'unknown'}); next try in ${ms / 1000} s`, { level: 'warn', lab: lab.id, exercise });
    await this.removeOrKeep(lab);
  }
}
