import type { Labs } from './labs.js';

/** Destroy the learner's own lab (the lab manager forgets it in the store too). */
export async function stopLab(props: { labs: Labs; labId: string; learner: string }): Promise<void> {
  await props.labs.owned(props.labId, props.learner);
  await props.labs.destroy(props.labId);
}
