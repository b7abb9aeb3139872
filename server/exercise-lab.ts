// The curriculum → lab adapter: what the lab runtime and the check runner need of an exercise
// (a plain topology, scripts with their preludes, checks in order). The lab layer never imports the
// curriculum; this module is the one place the two meet.
import { withPreludes, type CheckToRun } from './check/run.js';
import type { Exercise } from './curriculum/index.js';
import { OpslabError } from './errors.js';
import type { LabBlueprint } from './lab/types.js';

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

/** The checks of one task (or of every task) in the order the exercise lists them, each with its task's drill. */
export function checksOf(ex: Exercise, taskId?: string): CheckToRun[] {
  const tasks = taskId ? ex.tasks.filter((t) => t.id === taskId) : ex.tasks;
  if (taskId && tasks.length === 0) throw new OpslabError('TASK_NOT_FOUND', `Exercise '${ex.id}' has no task '${taskId}'.`);
  return tasks.flatMap((t) =>
    (t.checks ?? []).map((c) => ({
      taskId: t.id,
      name: c.name,
      host: c.host,
      script: runnableScript(ex, c.script),
      timeoutSeconds: c.timeout,
      // The task's drill, on each of its checks: runChecks applies it before the first and undoes it after the last.
      ...(t.faults ? { faults: t.faults } : {}),
      ...(ex.messages ? { messages: ex.messages } : {}),
    })),
  );
}
