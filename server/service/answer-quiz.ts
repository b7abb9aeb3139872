import type { QuizAnswerResponse } from '../../shared/api.js';
import { gradeAnswer, type Exercise } from '../curriculum/index.js';
import { OpslabError } from '../errors.js';

export interface AnswerQuizProps {
  exercise: Exercise;
  task: Exercise['tasks'][number];
  learner: string;
  answer: string;
  /** Records the answer (progress), when the server keeps it. */
  record?: (props: { learner: string; exercise: string; task: string; correct: boolean; answer: string }) => void | Promise<void>;
}

/** Grade a learner's answer to a quiz task, and record it. */
export async function answerQuiz(props: AnswerQuizProps): Promise<QuizAnswerResponse> {
  const { exercise, task, answer } = props;
  if (!task.quiz) throw new OpslabError('TASK_NOT_A_QUIZ', `Task '${task.id}' is checked in the lab: use the Check button.`);
  const verdict = gradeAnswer(task.quiz, answer);
  await props.record?.({ learner: props.learner, exercise: exercise.id, task: task.id, correct: verdict.correct, answer });
  return verdict;
}
