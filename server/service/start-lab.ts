import type { Exercise } from '../curriculum/index.js';
import type { Lab } from '../lab/types.js';
import { blueprintOf } from '../exercise-lab.js';
import type { Labs } from './labs.js';

export interface StartLabProps {
  labs: Labs;
  exercise: Exercise;
  learner: string;
  /** The client's address key (per-address lab limits). */
  address: string;
}

/** Start a lab of `exercise` for `learner`; it is returned while starting (its build goes on). */
export async function startLab(props: StartLabProps): Promise<Lab> {
  // The lab manager keeps it (in the store, with its owner, when the server has one).
  return props.labs.start({ learner: props.learner, address: props.address, blueprint: blueprintOf(props.exercise) });
}
