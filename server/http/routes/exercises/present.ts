import type { ExerciseView, SolutionView } from '../../../../shared/api.js';
import type { Locale } from '../../../../shared/i18n.js';
import { localizeExercise, summarizeExercise, type Exercise } from '../../../curriculum/index.js';

/** An exercise as the learner reads it in `locale` (each text field falls back to the English). */
export function presentExercise(ex: Exercise, locale: Locale): ExerciseView {
  const text = localizeExercise(ex, locale);
  return {
    ...summarizeExercise(ex, locale),
    locale,
    course: ex.course,
    stage: ex.stage,
    module: ex.module,
    lesson: text.lesson,
    lab: ex.lab && {
      networks: ex.lab.networks.map((n) => n.name),
      hosts: ex.lab.hosts.map((h) => ({ name: h.name, networks: Object.keys(h.networks) })),
    },
    tasks: ex.tasks.map((t, i) => {
      const tt = text.tasks[i]!;
      return {
        id: t.id,
        title: tt.title,
        text: tt.text,
        hints: tt.hints,
        checks: (t.checks ?? []).map((c, ci) => ({ name: tt.checks[ci] ?? c.name, host: c.host })),
        // The question and the choices only: the explanation comes with a graded answer.
        quiz: tt.quiz && { question: tt.quiz.question, choices: tt.quiz.choices },
        hasSolution: t.solve.length > 0,
      };
    }),
  };
}

/** A task's solution: each solve step once per host it runs on, with the script's text. */
export function presentSolution(ex: Exercise, task: Exercise['tasks'][number]): SolutionView {
  return {
    steps: task.solve.flatMap((s) => (Array.isArray(s.host) ? s.host : [s.host]).map((host) => ({ host, script: s.script, text: ex.scripts[s.script] ?? '' }))),
  };
}
