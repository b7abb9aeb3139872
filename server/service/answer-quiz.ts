import type { QuizAnswerResponse } from '../../shared/api.js';
import type { Locale } from '../../shared/i18n.js';
import { answerTerms, gradeAnswer, localizeExercise, translatedAnswers, type Course, type Exercise, type QuizSpec, type QuizVerdict } from '../curriculum/index.js';
import type { Answer } from '../curriculum/schema.js';
import { OpslabError } from '../errors.js';

export interface AnswerQuizProps {
  exercise: Exercise;
  /** The exercise's course: its glossary lets an answer name a term in any language. */
  course?: Course;
  task: Exercise['tasks'][number];
  learner: string;
  answer: string;
  /** The language of the explanation (and of any feedback). */
  locale: Locale;
  /** Records the answer (progress), when the server keeps it. */
  record?: (props: { learner: string; exercise: string; task: string; correct: boolean; answer: string }) => void | Promise<void>;
}

/**
 * gradeAnswer with the options the i18n quiz grading adds (more accepted answers, glossary terms,
 * the locale of the feedback). Typed here so this compiles against quiz.ts before and after that
 * change: a grader of two arguments ignores the third.
 */
type Grade = (quiz: QuizSpec, given: string, opts?: { also?: Answer[]; terms?: ReturnType<typeof answerTerms>; locale?: Locale }) => QuizVerdict;

/** Grade a learner's answer to a quiz task, and record it; the explanation in the learner's language. */
export async function answerQuiz(props: AnswerQuizProps): Promise<QuizAnswerResponse> {
  const { exercise, task, answer, locale } = props;
  if (!task.quiz) throw new OpslabError('TASK_NOT_A_QUIZ', `Task '${task.id}' is checked in the lab: use the Check button.`);
  // Every translation's extra answers count whatever language the page is in: a learner may
  // answer in Chinese on the English page.
  const verdict = (gradeAnswer as Grade)(task.quiz, answer, { also: translatedAnswers(exercise, task.id), terms: answerTerms(props.course), locale });
  await props.record?.({ learner: props.learner, exercise: exercise.id, task: task.id, correct: verdict.correct, answer });
  const explanation = localizeExercise(exercise, locale).tasks.find((t) => t.id === task.id)?.quiz?.explanation ?? verdict.explanation;
  return { ...verdict, explanation };
}
