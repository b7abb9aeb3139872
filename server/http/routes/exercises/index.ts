import type { FastifyInstance } from 'fastify';
import type { QuizAnswerRequest, QuizAnswerResponse, SolutionView } from '../../../../shared/api.js';
import type { Curriculum, Exercise } from '../../../curriculum/index.js';
import { OpslabError } from '../../../errors.js';
import { answerQuiz, type AnswerQuizProps } from '../../../service/answer-quiz.js';
import { errorSchema } from '../../plugins/errors.js';
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

  app.get<{ Params: { id: string } }>(
    '/api/exercises/:id',
    {
      schema: {
        summary: 'An exercise: lesson, lab topology, tasks',
        description: "Quiz answers never leave the server: a task's quiz has its question and choices only.",
        tags,
        params: exerciseParams,
        response: { 200: { description: 'The exercise.', ...exerciseSchema }, 400: errorSchema, 404: errorSchema },
      },
    },
    async (req) => presentExercise(find(req.params.id)),
  );

  app.post<{ Params: { id: string; task: string }; Body: QuizAnswerRequest }>(
    '/api/exercises/:id/tasks/:task/answer',
    {
      bodyLimit: 4096,
      schema: {
        summary: "Grade an answer to a task's quiz",
        description: 'Recorded as your progress when the server has a store. 409 `TASK_NOT_A_QUIZ` for a task checked in a lab.',
        tags,
        params,
        body: answerBodySchema,
        response: { 200: { description: 'Right or wrong, with feedback and the explanation.', ...answerResponseSchema }, 400: errorSchema, 404: errorSchema, 409: errorSchema, 429: errorSchema },
      },
      onRequest: app.limit('answers'),
    },
    async (req): Promise<QuizAnswerResponse> => {
      const exercise = find(req.params.id);
      const task = findTask(exercise, req.params.task);
      return answerQuiz({ exercise, task, learner: req.identity.id, answer: req.body.answer, record: opts.onAnswer });
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
