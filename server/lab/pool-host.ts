// The lab manager as the warm pool sees it (pool.ts PoolHost): which engine an exercise runs on,
// what its lab costs there, building and removing warm labs through the manager's own build.
import type { Engine } from '../engine/types.js';
import { labMemoryMiB } from './capacity.js';
import type { LabFailures } from './failures.js';
import { POOL_LEARNER, type PoolHost } from './pool.js';
import { DEFAULT_LIMITS } from './runtime.js';
import { beginStart } from './stages.js';
import type { Lab, LabBlueprint, LabManagerOptions } from './types.js';

/** The pool's view of the manager (pool.ts PoolHost). */
export function poolHost(inner: {
  opts: LabManagerOptions;
  failures: LabFailures;
  newLab: (props: { learner: string; exercise: string; engine: Engine }) => Lab;
  build: (lab: Lab, blueprint: LabBlueprint, gate: (lab: Lab) => Promise<void>) => Promise<void>;
  /** Live labs on an engine, learners' and warm ones. */
  onEngine: (engine: Engine) => number;
  learnerBusy: () => boolean;
  /** Whether this server keeps warm labs now (servers sharing a store take turns). */
  mayFill?: () => boolean;
  /** A warm lab was removed from its engine (its row goes too). */
  removed?: (lab: Lab) => Promise<void>;
}): PoolHost {
  const { opts } = inner;
  const limits = opts.limits ?? DEFAULT_LIMITS;
  return {
    exercises: () => opts.exercises?.() ?? [],
    async engineFor(exercise) {
      const blueprint = opts.blueprint?.(exercise);
      if (!blueprint) return undefined;
      const engine = await opts.engines.pick(blueprint.requires).catch(() => undefined);
      if (!engine || inner.failures.isDead(engine) || !(await engine.ping())) return undefined;
      inner.failures.watch(engine);
      return engine;
    },
    memoryOf: (exercise, engine) => labMemoryMiB({ hosts: opts.blueprint?.(exercise)?.topology.hosts.length ?? 1, engine, limits }),
    roomOn: (engine) => !engine.labBudget || inner.onEngine(engine) + 1 < engine.labBudget.maxLabs,
    build({ exercise, engine, gate }) {
      const lab = inner.newLab({ learner: POOL_LEARNER, exercise, engine });
      lab.warm = true;
      beginStart(lab, 'networks'); // a learner who takes it mid-build sees the time left of the whole build
      const blueprint = opts.blueprint?.(exercise);
      lab.busy = (blueprint ? inner.build(lab, blueprint, gate) : Promise.reject(new Error(`no exercise ${exercise}`)))
        .catch((e: unknown) => inner.failures.failLab(lab, e))
        .finally(() => (lab.busy = undefined));
      return lab;
    },
    async remove(lab) {
      // Removed again even after a failed build (failLab's own removal may have failed): removing
      // what is gone is a no-op. Its subnets are free only once nothing of it is on the engine;
      // a removal that fails throws, and the pool tries again later. A dead engine holds nothing.
      if (!inner.failures.isDead(lab.engine)) await lab.runtime.removeLab({ instance: opts.instance ?? 'default', lab: lab.id });
      inner.failures.releaseSubnets(lab);
      inner.failures.forget(lab.id);
      lab.state = 'gone';
      await inner.removed?.(lab);
    },
    learnerBusy: inner.learnerBusy,
    mayFill: inner.mayFill,
    isDead: (engine) => inner.failures.isDead(engine),
    log: (line, fields) => opts.log?.(line, fields),
  };
}
