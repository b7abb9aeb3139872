import type { Lab } from '../lab/types.js';
import type { Labs } from './labs.js';

/**
 * The learner wants more time in their own lab: it counts as used now, so the idle reaper stops it
 * only after another idle limit of nobody using it. Another learner's lab is LAB_NOT_FOUND.
 */
export async function extendLab(props: { labs: Labs; labId: string; learner: string }): Promise<Lab> {
  return props.labs.extend(props.labId, props.learner);
}
