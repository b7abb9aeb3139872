import { engineIdOf } from '../../../engine/types.js';
import type { LabEstimate, LabView } from '../../../../shared/api.js';
import { stageOf } from '../../../lab/stages.js';
import type { Lab } from '../../../lab/types.js';

/**
 * A lab as the API shows it to its owner: its stage, the last 50 log lines, hosts running while it
 * is ready, while it starts how long it should take (service/estimate-start.ts), and once ready (or
 * failed) when the idle reaper stops it if nobody uses it (`idleMs` after its last activity).
 */
export function presentLab(lab: Lab, opts: { estimate?: LabEstimate; idleMs?: number; now?: number } = {}): LabView {
  const { estimate, idleMs } = opts;
  const reapable = idleMs !== undefined && (lab.state === 'ready' || lab.state === 'failed');
  const expires = reapable ? lab.lastActive.getTime() + idleMs : 0;
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
    ...(reapable ? { idleExpiresAt: new Date(expires).toISOString(), idleLeftMs: Math.max(0, expires - (opts.now ?? Date.now())) } : {}),
  };
}
