import type { Exercise } from '../curriculum/index.js';
import type { Lab } from '../lab/types.js';
import { blueprintOf } from '../exercise-lab.js';
import type { Store } from '../store/index.js';
import type { Labs } from './labs.js';

export interface StartLabProps {
  labs: Labs;
  /** Remembers the lab and its owner, when the server has a store. */
  store?: Store;
  exercise: Exercise;
  learner: string;
  /** The client's address key (per-address lab limits). */
  address: string;
}

/** Start a lab of `exercise` for `learner`; it is returned while starting (its build goes on). */
export async function startLab(props: StartLabProps): Promise<Lab> {
  const lab = await props.labs.start({ learner: props.learner, address: props.address, blueprint: blueprintOf(props.exercise) });
  await props.store?.saveLab({ id: lab.id, learner: lab.learner, exercise: lab.exercise, engine: lab.engine.kind, state: lab.state, createdAt: lab.createdAt.toISOString() });
  return lab;
}
