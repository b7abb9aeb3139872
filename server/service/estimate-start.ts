// How long a starting lab should take: the median of the last few successful starts of its
// exercise on its kind of engine (the store's lab_starts), else of any exercise on that kind of
// engine, else nothing, said as such. The lab view carries it while the lab starts.
import type { LabEstimate } from '../../shared/api.js';
import { startElapsedMs } from '../lab/stages.js';
import type { Lab } from '../lab/types.js';
import type { Store } from '../store/index.js';

/** How many recent starts an estimate is the median of. */
export const ESTIMATE_SAMPLES = 9;

/** The median of `values` (the mean of the middle two for an even count); undefined for none. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The estimate from recent start times (ms, newest first): this exercise's when it has any, else
 * the engine's (any exercise), else basis 'none' with no number. Remaining time never goes below
 * zero: a start past its estimate is `overdue` instead.
 */
export function estimateFrom(props: { exercise: readonly number[]; engine: readonly number[]; elapsedMs: number }): LabEstimate {
  const elapsedMs = Math.max(0, Math.round(props.elapsedMs));
  const [basis, samples] = props.exercise.length ? (['exercise', props.exercise] as const) : props.engine.length ? (['engine', props.engine] as const) : (['none', []] as const);
  const expected = median(samples.slice(0, ESTIMATE_SAMPLES));
  if (expected === undefined) return { basis: 'none', samples: 0, elapsedMs, overdue: false };
  const expectedMs = Math.round(expected);
  return { basis, samples: Math.min(samples.length, ESTIMATE_SAMPLES), expectedMs, elapsedMs, remainingMs: Math.max(0, expectedMs - elapsedMs), overdue: elapsedMs > expectedMs };
}

/** The estimate of a starting lab (undefined once it is not starting); without a store, basis 'none'. */
export async function estimateStart(props: { lab: Lab; store?: Store; now?: number }): Promise<LabEstimate | undefined> {
  const { lab, store } = props;
  if (lab.state !== 'starting') return undefined;
  const engine = lab.engine.kind;
  const ofExercise = (await store?.labStarts({ engine, exercise: lab.exercise, limit: ESTIMATE_SAMPLES })) ?? [];
  const ofEngine = ofExercise.length || !store ? [] : await store.labStarts({ engine, limit: ESTIMATE_SAMPLES });
  return estimateFrom({ exercise: ofExercise.map((s) => s.ms), engine: ofEngine.map((s) => s.ms), elapsedMs: startElapsedMs(lab, props.now) });
}
