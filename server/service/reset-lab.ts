import type { Lab } from '../lab/types.js';
import type { Labs } from './labs.js';

/** Reset the learner's own lab: its hosts are made anew from the exercise; it is returned while starting. */
export async function resetLab(props: { labs: Labs; labId: string; learner: string }): Promise<Lab> {
  await props.labs.owned(props.labId, props.learner);
  return props.labs.reset(props.labId);
}
