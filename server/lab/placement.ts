// Where a new lab goes: among the engines that have what its exercise needs (the engine set says
// which), not drained, the one with the most free room by the loads the store counts across every
// server; a whole lab always goes to one engine. Room is the larger of the two fractions in use
// (labs of its lab cap, memory of its memory cap); an engine without caps counts its labs against
// the busiest capped one, so an uncapped engine still shares the work instead of taking all of it.
import { engineIdOf, type Engine } from '../engine/types.js';
import { OpslabError } from '../errors.js';
import type { EngineLoad } from '../store/types.js';

export interface PlacementProps {
  candidates: Engine[];
  /** Names of drained engines (no new labs). */
  drained: Set<string>;
  /** Live labs per engine name, every server's. */
  loads: Record<string, EngineLoad>;
  /** What one lab of the exercise takes on an engine, MiB. */
  memoryMiB: (engine: Engine) => number;
}

/** How full `engine` would be with one more lab of `memoryMiB`: 0 empty, 1 full, above 1 over a cap. */
export function fullness(engine: Engine, load: EngineLoad | undefined, memoryMiB: number): number {
  const labs = (load?.labs ?? 0) + 1;
  const memory = (load?.memoryMiB ?? 0) + memoryMiB;
  const labCap = engine.capacity?.labs ?? engine.labBudget?.maxLabs;
  const memCap = engine.capacity?.memoryMiB;
  const parts = [labCap ? labs / labCap : undefined, memCap ? memory / memCap : undefined].filter((x): x is number => x !== undefined);
  return parts.length ? Math.max(...parts) : Number.NaN;
}

export function placeLab(props: PlacementProps): Engine {
  const open = props.candidates.filter((e) => !props.drained.has(engineIdOf(e)));
  if (!open.length) {
    const names = props.candidates.map(engineIdOf).join(', ');
    throw new OpslabError('CAPACITY', props.candidates.length ? `Every engine that can run this lab is drained (${names}); no new labs start there. Try again later.` : 'No engine can run this lab now.');
  }
  const scored = open.map((engine) => ({ engine, load: props.loads[engineIdOf(engine)], full: fullness(engine, props.loads[engineIdOf(engine)], props.memoryMiB(engine)) }));
  const room = scored.filter((s) => Number.isNaN(s.full) || s.full <= 1);
  if (!room.length) {
    throw new OpslabError('CAPACITY', `Every engine that can run this lab is full (${scored.map((s) => `${engineIdOf(s.engine)}: ${s.load?.labs ?? 0} labs`).join(', ')}); try again when one ends.`);
  }
  // Uncapped engines: ranked by their lab count against the most labs any candidate holds.
  const most = Math.max(1, ...room.map((s) => (s.load?.labs ?? 0) + 1));
  const rank = (s: (typeof room)[number]) => (Number.isNaN(s.full) ? ((s.load?.labs ?? 0) + 1) / (most + 1) : s.full);
  room.sort((a, b) => rank(a) - rank(b) || (a.load?.labs ?? 0) - (b.load?.labs ?? 0) || engineIdOf(a.engine).localeCompare(engineIdOf(b.engine)));
  return room[0]!.engine;
}
