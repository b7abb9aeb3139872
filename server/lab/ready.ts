// The one refusal of work on a lab that is not ready (checks, previews, faults, the lab view).
import { OpslabError } from '../errors.js';
import type { Lab } from './types.js';

/** Throws LAB_BUSY while the lab starts (or resets), LAB_NOT_READY once it failed or is gone. */
export function assertReady(lab: Pick<Lab, 'state'>): void {
  if (lab.state !== 'ready') throw new OpslabError(lab.state === 'starting' ? 'LAB_BUSY' : 'LAB_NOT_READY', `The lab is ${lab.state}.`);
}
