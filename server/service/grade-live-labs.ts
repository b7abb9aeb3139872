import type { LiveGradesView } from '../../shared/api.js';
import type { Locale } from '../../shared/i18n.js';
import { localizeResults } from '../check/messages.js';
import { runChecks } from '../check/run.js';
import type { Curriculum } from '../curriculum/index.js';
import { checksOf } from '../exercise-lab.js';
import type { Store } from '../store/index.js';
import type { Labs } from './labs.js';

export interface GradeLiveLabsProps {
  labs: Labs;
  /** Knows each learner's cohort; without it no lab is in a cohort. */
  store?: Store;
  curriculum: Curriculum;
  /** Only labs of learners in this cohort. */
  cohort?: string;
  /** The language of the messages answered (English without it). */
  locale?: Locale;
}

export type LiveGrade = LiveGradesView['labs'][number];

/** Run every task's checks in every ready lab (of one cohort), one lab after another. */
export async function gradeLiveLabs(props: GradeLiveLabsProps): Promise<LiveGrade[]> {
  const { labs, store, cohort } = props;
  const ready = (await labs.listOf({ all: true })).filter((l) => l.state === 'ready');
  const wanted = [];
  for (const lab of ready) {
    if (cohort && (await store?.getLearner(lab.learner))?.cohort !== cohort) continue;
    wanted.push(lab);
  }
  const out: LiveGrade[] = [];
  for (const lab of wanted) {
    const ex = props.curriculum.exercises.get(lab.exercise);
    if (!ex) continue;
    const english = await runChecks({ checks: checksOf(ex), run: (p) => labs.run({ lab, ...p }), messages: ex.messages });
    const results = props.locale && props.locale !== 'en' ? localizeResults(english, ex, props.locale) : english;
    out.push({ lab: lab.id, learner: lab.learner, exercise: lab.exercise, status: results.status, message: results.message, results });
  }
  return out;
}
