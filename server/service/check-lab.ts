import type { Results } from '../../shared/api.js';
import { runChecks } from '../check/run.js';
import type { Curriculum } from '../curriculum/index.js';
import { assertReady } from '../lab/ready.js';
import { checksOf } from '../exercise-lab.js';
import type { Store } from '../store/index.js';
import type { LabInspector } from '../view/inspector.js';
import { findExercise } from './find-exercise.js';
import type { Labs } from './labs.js';

export interface CheckLabProps {
  labs: Labs;
  /** Records the results as the learner's progress and check history, when the server has a store. */
  store?: Store;
  curriculum: Curriculum;
  labId: string;
  learner: string;
  /** One task's checks; every task's without it. */
  task?: string;
  /** Runs the drills of tasks that have one (the lab view's faults); without it those checks are errors. */
  inspector?: Pick<LabInspector, 'drillOf'>;
  /** Told of every run that produced results (metrics): the lab's exercise, the overall status, how long. */
  observe?: (run: { exercise: string; status: Results['status']; ms: number }) => void;
}

/** Run the checks of the learner's own ready lab, and record what they say. */
export async function checkLab(props: CheckLabProps): Promise<Results> {
  const { labs, learner, task } = props;
  const lab = await labs.owned(props.labId, learner);
  assertReady(lab);
  const checks = checksOf(findExercise({ curriculum: props.curriculum, id: lab.exercise }), task);
  const began = performance.now();
  const results = await runChecks({ checks, run: (p) => labs.run({ lab, ...p }), drill: props.inspector?.drillOf(lab, 'a check') });
  props.observe?.({ exercise: lab.exercise, status: results.status, ms: performance.now() - began });
  await props.store?.recordChecks({ learner, exercise: lab.exercise, task, lab: lab.id, results });
  return results;
}
