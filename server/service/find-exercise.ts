import type { Curriculum, Exercise } from '../curriculum/index.js';
import { OpslabError } from '../errors.js';

/** The exercise with this id in the curriculum as loaded now; EXERCISE_NOT_FOUND (404) if there is none. */
export function findExercise(props: { curriculum: Curriculum; id: string }): Exercise {
  const ex = props.curriculum.exercises.get(props.id);
  if (!ex) throw new OpslabError('EXERCISE_NOT_FOUND', `No exercise '${props.id}'.`);
  return ex;
}
