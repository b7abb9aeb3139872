// Progress for the roadmap, module and exercise pages, when the server offers GET /api/progress (null
// until it answers, and when it does not), and what it says about an exercise.
import { useEffect, useState } from 'react';
import { getProgress, type ExerciseSummary, type ProgressView } from '../api.js';

export function useProgress(): ProgressView | null {
  const [progress, setProgress] = useState<ProgressView | null>(null);
  useEffect(() => {
    let live = true;
    void getProgress().then((p) => live && setProgress(p));
    return () => {
      live = false;
    };
  }, []);
  return progress;
}

/** Where the learner stands on an exercise: every task passed, some checked or answered, or none. */
export type ExerciseState = 'done' | 'started' | 'new';

export function exerciseState(ex: Pick<ExerciseSummary, 'id' | 'taskCount'>, progress: ProgressView): ExerciseState {
  const mine = progress.exercises[ex.id];
  if (!mine) return 'new';
  if (ex.taskCount > 0 && mine.passed >= ex.taskCount) return 'done';
  return Object.keys(mine.tasks).length > 0 ? 'started' : 'new';
}

/** How many of `exercises` are done. */
export function doneCount(exercises: readonly Pick<ExerciseSummary, 'id' | 'taskCount'>[], progress: ProgressView): number {
  return exercises.filter((ex) => exerciseState(ex, progress) === 'done').length;
}
