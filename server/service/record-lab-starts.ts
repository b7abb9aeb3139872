// Every successful start (or reset) of a lab is remembered in the store, per exercise and kind of
// engine: what estimate-start.ts learns from.
import type { LabManager } from '../lab/manager.js';
import { startElapsedMs } from '../lab/stages.js';
import type { Lab } from '../lab/types.js';
import type { Log } from '../log.js';
import type { Store } from '../store/index.js';

/** Records how long each lab took to become ready, from now on; returns the function that stops it. */
export function recordLabStarts(props: { labs: Pick<LabManager, 'on' | 'off'>; store: Store; log?: Log }): () => void {
  const { labs, store, log } = props;
  const onReady = (lab: Lab) => {
    // A warm lab's build waits behind learners' starts (lab/pool.ts): it says nothing of how long theirs take.
    if (lab.warm) return;
    const ms = startElapsedMs(lab);
    // A store that fails loses one sample, never the lab: the manager is not kept waiting.
    store.recordLabStart({ exercise: lab.exercise, engine: lab.engine.kind, ms }).catch((e: unknown) => {
      log?.(`could not record the lab's start time: ${(e as Error).message}`, { level: 'warn', lab: lab.id, exercise: lab.exercise });
    });
  };
  labs.on('ready', onReady);
  return () => void labs.off('ready', onReady);
}
