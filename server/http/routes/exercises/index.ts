import type { FastifyInstance } from 'fastify';
import type { QuizAnswerResponse, SolutionView } from '../../../../shared/api.js';
import { gradeAnswer, type Curriculum, type Exercise } from '../../../curriculum/index.js';
import { OpslabError } from '../../../errors.js';
import { errorSchema } from '../../plugins/errors.js';
import { presentExercise } from './present.js';
import { answerBodySchema, answerResponseSchema, exerciseSchema, solutionSchema } from './schemas.js';

const idPattern = '^[a-z0-9][a-z0-9-]{0,63}$';
const params = {
  type: 'object',
  properties: { id: { type: 'string', pattern: idPattern }, task: { type: 'string', pattern: idPattern } },
  required: ['id'],
} as const;

export interface ExerciseRouteOptions {
  curriculum: () => Curriculum;
  /** Record a quiz answer (progress); optional until a store is wired. */
  onAnswer?: (props: { learner: string; exercise: string; task: string; correct: boolean; answer: string }) => void | Promise<void>;
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
    { schema: { params, response: { 200: exerciseSchema, 404: errorSchema } } },
    async (req) => presentExercise(find(req.params.id)),
  );

  app.post<{ Params: { id: string; task: string }; Body: { answer: string } }>(
    '/api/exercises/:id/tasks/:task/answer',
    { bodyLimit: 4096, schema: { params, body: answerBodySchema, response: { 200: answerResponseSchema, 404: errorSchema, 409: errorSchema, 429: errorSchema } }, onRequest: app.limit('answers') },
    async (req): Promise<QuizAnswerResponse> => {
      const ex = find(req.params.id);
      const task = findTask(ex, req.params.task);
      if (!task.quiz) throw new OpslabError('TASK_NOT_A_QUIZ', `Task '${task.id}' is checked in the lab: use the Check button.`);
      const verdict = gradeAnswer(task.quiz, req.body.answer);
      await opts.onAnswer?.({ learner: req.identity.id, exercise: ex.id, task: task.id, correct: verdict.correct, answer: req.body.answer });
      return verdict;
    },
  );

  app.get<{ Params: { id: string; task: string } }>(
    '/api/exercises/:id/tasks/:task/solution',
    { schema: { params, response: { 200: solutionSchema, 404: errorSchema } } },
    async (req): Promise<SolutionView> => {
      const ex = find(req.params.id);
      const task = findTask(ex, req.params.task);
      return {
        steps: task.solve.flatMap((s) =>
          (Array.isArray(s.host) ? s.host : [s.host]).map((host) => ({ host, script: s.script, text: ex.scripts[s.script] ?? '' })),
        ),
      };
    },
  );
}
