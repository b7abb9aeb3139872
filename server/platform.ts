// The platform composed: curriculum, engines (server/engine/connect.ts), lab manager. The HTTP
// server, the CLI and tests all build it here, so they run the same code.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { withPreludes, type CheckToRun } from './check/run.js';
import type { Exercise } from './curriculum/index.js';
import { findImage } from './engine/derived-images.js';
import { findLabImage } from './engine/images.js';
import { labHostConfig } from './engine/probe.js';
import type { EngineSet } from './engine/select.js';
import { OpslabError } from './errors.js';
import type { DiskQuota } from './lab/disk.js';
import { dockerRuntime } from './lab/docker-runtime.js';
import { LabManager } from './lab/manager.js';
import type { LabBlueprint } from './lab/types.js';

export const CHECK_LIB = fileURLToPath(new URL('../images/lab/lib/check.sh', import.meta.url));

/** A script of the exercise as it runs: the course's and the exercise's preludes (shared functions), then the script. */
export function runnableScript(ex: Exercise, script: string): string {
  return withPreludes(ex.preludes, ex.scripts[script] ?? '');
}

/** What the lab runtime needs of an exercise: a plain topology and the scripts. */
export function blueprintOf(ex: Exercise): LabBlueprint {
  if (!ex.lab) throw new OpslabError('EXERCISE_HAS_NO_LAB', `Exercise '${ex.id}' is a quiz and has no lab.`);
  return {
    exercise: ex.id,
    requires: ex.requires,
    topology: { networks: ex.lab.networks, hosts: ex.lab.hosts, addresses: ex.lab.addresses },
    setup: ex.lab.setup,
    scripts: Object.fromEntries(Object.keys(ex.scripts).map((k) => [k, runnableScript(ex, k)])),
  };
}

/** The checks of one task (or of every task) in the order the exercise lists them. */
export function checksOf(ex: Exercise, taskId?: string): CheckToRun[] {
  const tasks = taskId ? ex.tasks.filter((t) => t.id === taskId) : ex.tasks;
  if (taskId && tasks.length === 0) throw new OpslabError('TASK_NOT_FOUND', `Exercise '${ex.id}' has no task '${taskId}'.`);
  return tasks.flatMap((t) =>
    (t.checks ?? []).map((c) => ({ taskId: t.id, name: c.name, host: c.host, script: runnableScript(ex, c.script), timeoutSeconds: c.timeout })),
  );
}

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
  log?: (line: string) => void;
}): LabManager {
  return new LabManager({
    engines: props.engines,
    runtime: dockerRuntime,
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
    scriptPrelude: readFileSync(CHECK_LIB, 'utf8'),
  });
}
