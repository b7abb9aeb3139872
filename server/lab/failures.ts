// How labs fail, in one place: a build or reset that went wrong, an engine that died under its
// labs, a disk quota broken. Whatever the cause, the lab's terminals end, what it has on the engine
// is removed (a removal that fails is owed and tried again), its subnets are freed once, and only
// then does it report the error.
import type { Engine } from '../engine/types.js';
import { engineDown, isOpslabError, OpslabError } from '../errors.js';
import type { SubnetAllocator } from './addresses.js';
import type { Lab } from './types.js';

export class LabFailures {
  /**
   * Labs whose removal from the engine failed, tried again each round: failed ones (still listed)
   * and deleted ones (gone for their learner, their place free). Their subnets stay held meanwhile.
   */
  private readonly unremoved = new Map<string, Lab>();
  /** Engines whose death is listened for, and those that died (nothing to remove there). */
  private readonly watched = new WeakSet<Engine>();
  private readonly dead = new WeakSet<Engine>();

  constructor(
    private readonly props: {
      instance: string;
      /** The allocator a lab's engine takes its subnets from. */
      subnets: (engine: Engine) => SubnetAllocator;
      labs: Map<string, Lab>;
      /** The lab's terminals must end. */
      gone: (labId: string) => void;
      /** A line of the lab's log. */
      log: (lab: Lab, line: string) => void;
      /** The lab failed (its state and error are set): the store is told. */
      failed?: (lab: Lab) => Promise<void>;
      /**
       * An engine died (as this server sees it). With it, the callback decides what fails (servers
       * sharing a store: one server decides for all); without it, this server's labs on it fail.
       */
      engineDied?: (engine: Engine, reason: string) => void;
    },
  ) {}

  isDead(engine: Engine): boolean {
    return this.dead.has(engine) || engine.isDown?.() === true;
  }

  /** When `engine` dies, its labs fail with ENGINE_DOWN at once; a reset rebuilds them elsewhere. */
  watch(engine: Engine): void {
    if (!engine.onDeath || this.watched.has(engine)) return;
    this.watched.add(engine);
    engine.onDeath((reason) => {
      this.dead.add(engine);
      if (this.props.engineDied) return this.props.engineDied(engine, reason);
      for (const lab of this.props.labs.values()) {
        if (lab.engine !== engine || lab.state === 'gone') continue;
        void this.failLab(lab, new OpslabError('ENGINE_DOWN', `The ${engine.kind} engine this lab ran on stopped (${reason}). Reset the lab to build it again.`));
      }
    });
  }

  /**
   * The one way a lab fails. Whoever sees it failed sees it gone from the engine too; on a dead
   * engine (nothing to remove) it fails at once. An error that is not ours says the build failed.
   */
  async failLab(lab: Lab, error: unknown): Promise<void> {
    // Inside a start or reset that promise already holds the lab; from a guard or an engine's death
    // this one does, so a reset cannot rebuild the lab while it is being removed (and lose its new
    // subnets to the release below).
    // On a dead engine it fails at once (nothing to remove), so nothing to hold.
    if (lab.busy || this.isDead(lab.engine)) return this.fail(lab, error);
    let done!: () => void;
    const held = new Promise<void>((resolve) => (done = resolve));
    lab.busy = held; // before fail() runs: its removal starts in this tick
    try {
      await this.fail(lab, error);
    } finally {
      done();
      if (lab.busy === held) lab.busy = undefined;
    }
  }

  private async fail(lab: Lab, error: unknown): Promise<void> {
    const known = engineDown(error);
    const err = isOpslabError(known) ? known : new OpslabError('LAB_SETUP_FAILED', `The lab could not be built: ${(error as Error).message}`, { cause: error });
    this.props.gone(lab.id);
    if (this.isDead(lab.engine)) this.releaseSubnets(lab);
    else await this.removeFromEngine(lab);
    lab.state = 'failed';
    lab.error = { code: err.code, message: err.message };
    this.props.log(lab, `failed: ${err.message}`);
    await this.props.failed?.(lab).catch(() => {});
  }

  /** Released once: a later destroy or reset must not free a slot another lab took since. */
  releaseSubnets(lab: Lab): void {
    this.props.subnets(lab.engine).release(Object.values(lab.subnets));
    lab.subnets = {};
  }

  /** The lab is destroyed: no removal is owed for it any more. */
  forget(labId: string): void {
    this.unremoved.delete(labId);
  }

  /** Tries the owed removals again (a failed lab reset since, or destroyed, is owed none). */
  async retryRemovals(): Promise<void> {
    for (const lab of [...this.unremoved.values()]) {
      if (lab.state !== 'failed' && lab.state !== 'gone') this.unremoved.delete(lab.id);
      else if (this.isDead(lab.engine)) {
        // Whatever it had went with its engine.
        this.unremoved.delete(lab.id);
        this.releaseSubnets(lab);
      } else if (!lab.busy) await this.removeFromEngine(lab);
    }
  }

  /** A deleted lab the engine did not remove: gone for its learner and taking no place, it is owed its removal. */
  oweRemoval(lab: Lab, error: unknown): void {
    this.props.log(lab, `deleted, but removing it from the engine failed, trying again: ${(error as Error).message}`);
    this.unremoved.set(lab.id, lab);
  }

  private async removeFromEngine(lab: Lab): Promise<void> {
    try {
      await lab.runtime.removeLab({ instance: this.props.instance, lab: lab.id });
    } catch (e) {
      this.props.log(lab, `removing it from the engine failed, trying again: ${(e as Error).message}`);
      this.unremoved.set(lab.id, lab);
      return;
    }
    this.unremoved.delete(lab.id);
    this.releaseSubnets(lab);
  }
}
