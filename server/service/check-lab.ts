import type { Results } from '../../shared/api.js';
import type { Locale } from '../../shared/i18n.js';
import { localizeResults } from '../check/messages.js';
import { runChecks } from '../check/run.js';
import type { Curriculum } from '../curriculum/index.js';
import { assertReady } from '../lab/ready.js';
import { checksOf } from '../exercise-lab.js';
import type { Lab } from '../lab/types.js';
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
  /** The language the results are answered in (messages by key rendered again); English without it. The store keeps them in English. */
  locale?: Locale;
  /** One task's checks; every task's without it. */
  task?: string;
  /** Runs the drills of tasks that have one (the lab view's faults); without it those checks are errors. */
  inspector?: Pick<LabInspector, 'drillOf'>;
  /** Told of every run that produced results (metrics): the lab's exercise, the overall status, how long. */
  observe?: (run: { exercise: string; status: Results['status']; ms: number }) => void;
  /**
   * The runs under way (CheckRuns, one per server): the same run asked for again while it runs
   * joins it. Without it every request runs the checks anew.
   */
  runs?: CheckRuns;
}

/**
 * Check runs under way, by lab and task (every task's: no task). A run execs its checks in the lab
 * one after another, each for up to its timeout (minutes for a whole exercise); the same run asked
 * for again (a double click, a script firing it in a loop) joins the one under way instead of
 * stacking another set of execs in the lab, so a lab has at most one run per task, and one of every
 * task, at a time.
 */
export class CheckRuns {
  private readonly running = new Map<string, Promise<Results>>();

  /**
   * The run of (lab, task) under way, or a new one made by `start`. A lab is the same lab until it
   * is reset (its hosts made anew, its start time new): a run on the hosts before is not joined.
   */
  join(lab: Pick<Lab, 'id' | 'createdAt' | 'startedAt'>, task: string | undefined, start: () => Promise<Results>): Promise<Results> {
    const key = `${lab.id}\n${(lab.startedAt ?? lab.createdAt).getTime()}\n${task ?? ''}`;
    const under = this.running.get(key);
    if (under) return under;
    const run = start().finally(() => this.running.delete(key));
    this.running.set(key, run);
    return run;
  }
}

/**
 * Run the checks of the learner's own ready lab, and record what they say; a request for a run
 * under way (`runs`) gets that run's results. Ownership is asked first: nobody joins another's run.
 */
export async function checkLab(props: CheckLabProps): Promise<Results> {
  const { labs, learner, task } = props;
  const lab = await labs.owned(props.labId, learner);
  assertReady(lab);
  const run = () => runAndRecord(props, lab);
  const results = await (props.runs ? props.runs.join(lab, task, run) : run());
  // A joined run answers each request in its own language: the run itself is in English.
  if (!props.locale || props.locale === 'en') return results;
  return localizeResults(results, props.curriculum.exercises.get(lab.exercise), props.locale);
}

async function runAndRecord(props: CheckLabProps, lab: Lab): Promise<Results> {
  const { labs, learner, task } = props;
  const ex = findExercise({ curriculum: props.curriculum, id: lab.exercise });
  const checks = checksOf(ex, task);
  const began = performance.now();
  const results = await runChecks({ checks, run: (p) => labs.run({ lab, ...p }), drill: props.inspector?.drillOf(lab, 'a check') });
  props.observe?.({ exercise: lab.exercise, status: results.status, ms: performance.now() - began });
  await props.store?.recordChecks({ learner, exercise: lab.exercise, task, lab: lab.id, results });
  return results;
}
