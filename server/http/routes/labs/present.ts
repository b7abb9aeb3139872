import { engineIdOf } from '../../../engine/types.js';
import type { LabEstimate, LabView } from '../../../../shared/api.js';
import { stageOf } from '../../../lab/stages.js';
import type { Lab } from '../../../lab/types.js';

/**
 * A lab as the API shows it to its owner: its stage, the last 50 log lines, hosts running while it
 * is ready, and while it starts how long it should take (service/estimate-start.ts).
 */
export function presentLab(lab: Lab, estimate?: LabEstimate): LabView {
  return {
    id: lab.id,
    exercise: lab.exercise,
    state: lab.state,
    stage: stageOf(lab),
    ...(estimate ? { estimate } : {}),
    // The engine's name in the pool (its kind for the single local or vm engine).
    engine: engineIdOf(lab.engine),
    hosts: lab.hosts.map((h) => ({ name: h.name, addresses: h.addresses, running: lab.state === 'ready' })),
    values: lab.values,
    log: lab.log.slice(-50),
    error: lab.error,
    createdAt: lab.createdAt.toISOString(),
  };
}
