import type { FastifyInstance } from 'fastify';
import type { QuizAnswerRequest, QuizAnswerResponse, SolutionView } from '../../../../shared/api.js';
import type { Locale } from '../../../../shared/i18n.js';
import type { Curriculum, Exercise } from '../../../curriculum/index.js';
import { OpslabError } from '../../../errors.js';
import { answerQuiz, type AnswerQuizProps } from '../../../service/answer-quiz.js';
import { errorSchema } from '../../plugins/errors.js';
import { langQuery, localized } from '../../plugins/locale.js';
import { presentExercise, presentSolution } from './present.js';
import { answerBodySchema, answerResponseSchema, exerciseSchema, solutionSchema } from './schemas.js';

const idPattern = '^[a-z0-9][a-z0-9-]{0,63}$';
const exerciseParams = {
  type: 'object',
  properties: { id: { type: 'string', pattern: idPattern } },
  required: ['id'],
} as const;
const params = {
  type: 'object',
  properties: { id: { type: 'string', pattern: idPattern }, task: { type: 'string', pattern: idPattern } },
  required: ['id', 'task'],
} as const;
const tags = ['course'];

export interface ExerciseRouteOptions {
  curriculum: () => Curriculum;
  /** Record a quiz answer (progress); optional until a store is wired. */
  onAnswer?: AnswerQuizProps['record'];
}

export async function exerciseRoutes(app: FastifyInstance, opts: ExerciseRouteOptions): Promise<void> {
  const find = (id: string): Exercise => {
    const ex = opts.curriculum().exercises.get(id);
    if (!ex) throw new OpslabError('EXERCISE_NOT_FOUND', `No exercise '${id}'. GET /api/roadmap lists them.`);
    return ex;
  };
  const findTask = (ex: Exercise, taskId: string) => {
    const task = ex.tasks.find((t) => t.id === taskId);
    if (!task) throw new OpslabError('TASK_NOT_FOUND', `Exercise '${ex.id}' has no task '${taskId}'.`);
    return task;
  };

  app.get<{ Params: { id: string }; Querystring: { lang?: Locale } }>(
    '/api/exercises/:id',
    {
      schema: {
        summary: 'An exercise: lesson, lab topology, tasks',
        description: "Quiz answers never leave the server: a task's quiz has its question and choices only. In the language of the request, English where a text has no translation.",
        tags,
        params: exerciseParams,
        querystring: langQuery,
        response: { 200: { description: 'The exercise.', ...exerciseSchema }, 400: errorSchema, 404: errorSchema },
      },
    },
    async (req, reply) => {
      const view = presentExercise(find(req.params.id), req.locale);
      localized(reply, req.locale);
      return view;
    },
  );

  app.post<{ Params: { id: string; task: string }; Querystring: { lang?: Locale }; Body: QuizAnswerRequest }>(
    '/api/exercises/:id/tasks/:task/answer',
    {
      bodyLimit: 4096,
      schema: {
        summary: "Grade an answer to a task's quiz",
        description:
          'Recorded as your progress when the server has a store. 409 `TASK_NOT_A_QUIZ` for a task checked in a lab. A choice quiz is answered with the choice id; free text may be in any language of the course (its glossary names count as the English term). The explanation is in the language of the request.',
        tags,
        params,
        querystring: langQuery,
        body: answerBodySchema,
        response: { 200: { description: 'Right or wrong, with feedback and the explanation.', ...answerResponseSchema }, 400: errorSchema, 404: errorSchema, 409: errorSchema, 429: errorSchema },
      },
      onRequest: app.limit('answers'),
    },
    async (req, reply): Promise<QuizAnswerResponse> => {
      const curriculum = opts.curriculum();
      const exercise = find(req.params.id);
      const task = findTask(exercise, req.params.task);
      const course = curriculum.courses.find((c) => c.roadmap.id === exercise.course);
      const verdict = await answerQuiz({ exercise, course, task, learner: req.identity.id, answer: req.body.answer, locale: req.locale, record: opts.onAnswer });
      localized(reply, req.locale);
      return verdict;
    },
  );

  app.get<{ Params: { id: string; task: string } }>(
    '/api/exercises/:id/tasks/:task/solution',
    { schema: { summary: "A task's solution: the steps that solve it, per host", tags, params, response: { 200: { description: 'The solve steps.', ...solutionSchema }, 400: errorSchema, 404: errorSchema } } },
    async (req): Promise<SolutionView> => {
      const ex = find(req.params.id);
      return presentSolution(ex, findTask(ex, req.params.task));
    },
  );
}
