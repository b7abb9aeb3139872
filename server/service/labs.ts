// What the lab services and routes need of the lab manager (`Labs`), and `noLabs()`, the stand-in
// of a server built without one: every route still exists, validates as usual, and each lab
// operation answers LABS_UNAVAILABLE (503) from the error catalog.
import { EventEmitter } from 'node:events';
import { OpslabError } from '../errors.js';
import type { LabManager } from '../lab/manager.js';
import { IDLE_MS } from '../lab/types.js';

export type Labs = Pick<LabManager, 'start' | 'owned' | 'listOf' | 'run' | 'reset' | 'destroy' | 'touch' | 'extend' | 'idleMs'>;

const unavailable = (): never => {
  throw new OpslabError('LABS_UNAVAILABLE');
};

class NoLabs extends EventEmitter<{ gone: [labId: string] }> implements Labs {
  start = unavailable;
  owned = unavailable;
  listOf = unavailable;
  run = unavailable;
  reset = unavailable;
  destroy = unavailable;
  touch = unavailable;
  extend = unavailable;
  idleMs = IDLE_MS;
}

/**
 * The labs of a server started without a lab engine (tests of the course pages): there are none,
 * and none can start; no lab is ever 'gone'. Typed as the manager it stands in for, because the
 * terminal hub takes Pick<LabManager, 'on' | 'off' | ...>, whose `on` returns the manager.
 */
export const noLabs = (): LabManager => new NoLabs() as unknown as LabManager;
