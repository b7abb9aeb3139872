import type { FastifyInstance } from 'fastify';
import type { MeUpdateRequest, MeView } from '../../../../shared/api.js';
import type { Store } from '../../../store/index.js';

const progressItem = {
  type: 'object',
  properties: {
    exercise: { type: 'string' },
    task: { type: 'string' },
    status: { type: 'string' },
    attempts: { type: 'number' },
    passedAt: { type: 'string' },
    updatedAt: { type: 'string' },
  },
} as const;

const exerciseQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { exercise: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' } },
} as const;

/** The caller's identity, display name and progress. Only ever the caller's own. */
export async function meRoutes(app: FastifyInstance, opts: { store: Store }): Promise<void> {
  const { store } = opts;
  app.get('/api/me', async (req): Promise<MeView> => {
    const rec = req.identity.role === 'learner' ? await store.getLearner(req.identity.id) : undefined;
    return { id: req.identity.id, role: req.identity.role, displayName: rec?.displayName ?? null };
  });

  app.put<{ Body: MeUpdateRequest }>(
    '/api/me',
    {
      schema: {
        body: {
          type: 'object',
          required: ['displayName'],
          additionalProperties: false,
          properties: { displayName: { type: 'string', minLength: 1, maxLength: 60, pattern: '^[^<>\\u0000-\\u001f]+$' } },
        },
      },
    },
    async (req): Promise<MeView> => {
      await store.setDisplayName({ id: req.identity.id, displayName: req.body.displayName.trim() });
      return { id: req.identity.id, role: req.identity.role, displayName: req.body.displayName.trim() };
    },
  );

  app.get<{ Querystring: { exercise?: string } }>(
    '/api/progress',
    { schema: { querystring: exerciseQuery, response: { 200: { type: 'array', items: progressItem } } } },
    async (req) => store.progress({ learner: req.identity.id, exercise: req.query.exercise }),
  );

  app.get<{ Querystring: { exercise?: string } }>('/api/history', { schema: { querystring: exerciseQuery } }, async (req) =>
    store.history({ learner: req.identity.id, exercise: req.query.exercise, limit: 50 }),
  );
}
