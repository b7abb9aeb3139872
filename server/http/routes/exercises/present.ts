import type { ExerciseSummary, ExerciseView, SolutionView } from '../../../../shared/api.js';
import type { Exercise } from '../../../curriculum/index.js';

export function summarizeExercise(ex: Exercise): ExerciseSummary {
  return {
    id: ex.id,
    title: ex.title,
    summary: ex.summary,
    difficulty: ex.difficulty,
    minutes: ex.minutes,
    requires: ex.requires,
    hasLab: Boolean(ex.lab),
    taskCount: ex.tasks.length,
  };
}

export function presentExercise(ex: Exercise): ExerciseView {
  return {
    ...summarizeExercise(ex),
    course: ex.course,
    stage: ex.stage,
    module: ex.module,
    lesson: ex.lessonText,
    lab: ex.lab && {
      networks: ex.lab.networks.map((n) => n.name),
      hosts: ex.lab.hosts.map((h) => ({ name: h.name, networks: Object.keys(h.networks) })),
    },
    tasks: ex.tasks.map((t) => ({
      id: t.id,
      title: t.title,
      text: t.text,
      hints: t.hints,
      checks: (t.checks ?? []).map((c) => ({ name: c.name, host: c.host })),
      quiz: t.quiz && { question: t.quiz.question, choices: t.quiz.choices },
      hasSolution: t.solve.length > 0,
    })),
  };
}

/** A task's solution: each solve step once per host it runs on, with the script's text. */
export function presentSolution(ex: Exercise, task: Exercise['tasks'][number]): SolutionView {
  return {
    steps: task.solve.flatMap((s) => (Array.isArray(s.host) ? s.host : [s.host]).map((host) => ({ host, script: s.script, text: ex.scripts[s.script] ?? '' }))),
  };
}
