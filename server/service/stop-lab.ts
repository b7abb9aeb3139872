import type { Store } from '../store/index.js';
import type { Labs } from './labs.js';

/** Destroy the learner's own lab, and forget it in the store. */
export async function stopLab(props: { labs: Labs; store?: Store; labId: string; learner: string }): Promise<void> {
  props.labs.getOwned(props.labId, props.learner);
  await props.labs.destroy(props.labId);
  await props.store?.deleteLab(props.labId);
}
