// The platform composed: curriculum, engines (server/engine/connect.ts), lab manager (the
// curriculum → lab adapter is server/exercise-lab.ts). The HTTP
// server, the CLI and tests all build it here, so they run the same code.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Exercise } from './curriculum/index.js';
import { findImage } from './engine/derived-images.js';
import { findLabImage } from './engine/images.js';
import { labHostConfig } from './engine/probe.js';
import type { EngineSet } from './engine/select.js';
import type { DiskQuota } from './lab/disk.js';
import { dockerSide } from './lab/docker-side.js';
import { dockerRuntime } from './lab/docker-runtime.js';
import { LabManager } from './lab/manager.js';
import type { SharedLabsOptions } from './lab/shared.js';
import type { Lab } from './lab/types.js';
import type { Log } from './log.js';
import { blueprintOf } from './exercise-lab.js';
import { LabInspector } from './view/inspector.js';

export const CHECK_LIB = fileURLToPath(new URL('../images/lab/lib/check.sh', import.meta.url));

export function createLabManager(props: {
  engines: EngineSet;
  exercises: () => Map<string, Exercise>;
  instance?: string;
  pool?: string;
  idleMs?: number;
  maxLabs?: number;
  maxLabsPerLearner?: number;
  maxLabsPerAddress?: number;
  diskQuota?: DiskQuota;
  log?: Log;
  /** Who took a warm lab (the store), for a restarted server. */
  ownerOf?: (labId: string) => Promise<string | undefined>;
  /** Remembers a warm lab's new owner before it is handed over (the store). */
  claim?: (lab: Lab) => Promise<void>;
  /** Servers sharing one store (lab/shared.ts): labs are its rows. */
  shared?: SharedLabsOptions;
}): LabManager {
  return new LabManager({
    engines: props.engines,
    // The lab view's probes and agent (docker-side.ts) beside each engine's lab runtime.
    runtime: (engine) => ({ ...dockerRuntime(engine), side: dockerSide(engine.docker) }),
    instance: props.instance,
    pool: props.pool,
    idleMs: props.idleMs,
    maxLabs: props.maxLabs,
    maxLabsPerLearner: props.maxLabsPerLearner,
    maxLabsPerAddress: props.maxLabsPerAddress,
    diskQuota: props.diskQuota,
    log: props.log,
    resolveImage: async ({ engine, image }) => (image === 'lab' ? findLabImage({ docker: engine.docker }) : findImage({ docker: engine.docker, name: image })),
    hostConfig: (features) => labHostConfig(features),
    blueprint: (id) => {
      const ex = props.exercises().get(id);
      return ex?.lab ? blueprintOf(ex) : undefined;
    },
    exercises: () => [...props.exercises().values()].filter((ex) => ex.lab).map((ex) => ex.id),
    ownerOf: props.ownerOf,
    claim: props.claim,
    shared: props.shared,
    scriptPrelude: readFileSync(CHECK_LIB, 'utf8'),
  });
}

/** The lab view of a lab manager's labs (server/view): collectors, faults, drills and captures. */
export function createInspector(props: { labs: LabManager; instance?: string; prepare?: boolean }): LabInspector {
  const { labs } = props;
  const inspector = new LabInspector({
    instance: props.instance ?? 'default',
    image: (engine) => findLabImage({ docker: engine.docker }),
    onGone: (listener) => {
      labs.on('gone', listener);
      return () => labs.off('gone', listener);
    },
  });
  // A server makes each lab's probes once it is ready (warm labs included), in the background.
  if (props.prepare) labs.on('ready', (lab) => void inspector.prepare(lab).catch(() => {}));
  return inspector;
}
