import type { FastifyInstance } from 'fastify';
import type { MeUpdateRequest, MeView } from '../../../../shared/api.js';
import { HISTORY_RUNS, type Store } from '../../../store/index.js';
import { errorSchema } from '../../plugins/errors.js';
import { exerciseQuery, historyItem, meBody, meSchema, progressItem } from './schemas.js';

const tags = ['learner'];
const errors = { 400: errorSchema, 429: errorSchema, 503: errorSchema };

/** The caller's identity, display name and progress. Only ever the caller's own. */
export async function meRoutes(app: FastifyInstance, opts: { store: Store }): Promise<void> {
  const { store } = opts;
  app.get('/api/me', { schema: { summary: 'Who you are: id, role and display name', tags, response: { 200: { description: 'You.', ...meSchema }, ...errors } } }, async (req): Promise<MeView> => {
    const rec = req.identity.role === 'learner' ? await store.getLearner(req.identity.id) : undefined;
    return { id: req.identity.id, role: req.identity.role, displayName: rec?.displayName ?? null };
  });

  app.put<{ Body: MeUpdateRequest }>(
    '/api/me',
    {
      schema: { summary: 'Set your display name', tags, body: meBody, response: { 200: { description: 'You, renamed.', ...meSchema }, ...errors } },
    },
    async (req): Promise<MeView> => {
      await store.setDisplayName({ id: req.identity.id, displayName: req.body.displayName.trim() });
      return { id: req.identity.id, role: req.identity.role, displayName: req.body.displayName.trim() };
    },
  );

  app.get<{ Querystring: { exercise?: string } }>(
    '/api/progress',
    {
      schema: {
        summary: "Your progress: each task's best status so far",
        tags,
        querystring: exerciseQuery,
        response: { 200: { description: 'One row per task you checked or answered.', type: 'array', items: progressItem }, ...errors },
      },
    },
    async (req) => store.progress({ learner: req.identity.id, exercise: req.query.exercise }),
  );

  app.get<{ Querystring: { exercise?: string } }>(
    '/api/history',
    {
      schema: {
        summary: 'Your check runs, newest first (the last 50, as many of them as fit in 512 KiB of results)',
        tags,
        querystring: exerciseQuery,
        response: { 200: { description: 'Your check runs with their results.', type: 'array', items: historyItem }, ...errors },
      },
    },
    async (req) => store.history({ learner: req.identity.id, exercise: req.query.exercise, limit: HISTORY_RUNS }),
  );
}
