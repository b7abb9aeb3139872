// What a starting lab is doing (shared/api.ts LAB_STAGES), kept on the lab for the API to show: the
// builder and the manager move it along; a lab adopted after a restart has none and is shown by its state.
import type { LabStage, LabStageId } from '../../shared/api.js';
import type { Lab } from './types.js';

const LABELS: Record<LabStageId, string> = {
  engine: 'Waiting for the lab engine',
  clearing: 'Removing the old hosts',
  networks: 'Creating the networks',
  hosts: 'Starting the hosts',
  prepare: 'Preparing the hosts',
  setup: 'Running the setup steps',
  ready: 'Ready',
};

/** Moves the lab to stage `id`; `label` replaces the stage's usual one (a setup step says which). */
export function setStage(lab: Lab, id: LabStageId, label = LABELS[id]): void {
  lab.stage = { id, label };
}

/** A start or a reset begins now, at `first`: the estimate counts from here. */
export function beginStart(lab: Lab, first: LabStageId): void {
  lab.startedAt = new Date();
  setStage(lab, first);
}

/** The lab's stage: the one it was moved to, else what its state says (an adopted lab is ready). */
export function stageOf(lab: Lab): LabStage {
  if (lab.stage) return lab.stage;
  return lab.state === 'ready' ? { id: 'ready', label: LABELS.ready } : { id: 'engine', label: LABELS.engine };
}

/** How long the lab's current start or reset has been going, ms. */
export function startElapsedMs(lab: Lab, now = Date.now()): number {
  return Math.max(0, now - (lab.startedAt ?? lab.createdAt).getTime());
}
