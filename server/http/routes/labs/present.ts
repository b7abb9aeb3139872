import type { LabView } from '../../../../shared/api.js';
import type { Lab } from '../../../lab/types.js';

/** A lab as the API shows it to its owner: the last 50 log lines, hosts running while it is ready. */
export function presentLab(lab: Lab): LabView {
  return {
    id: lab.id,
    exercise: lab.exercise,
    state: lab.state,
    engine: lab.engine.kind,
    hosts: lab.hosts.map((h) => ({ name: h.name, addresses: h.addresses, running: lab.state === 'ready' })),
    values: lab.values,
    log: lab.log.slice(-50),
    error: lab.error,
    createdAt: lab.createdAt.toISOString(),
  };
}
