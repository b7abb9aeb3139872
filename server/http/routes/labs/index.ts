// The learner's labs: list, start, look at, check, reset, extend, stop. Each handler validates (schemas),
// authorizes (the lab must be the caller's: the services ask LabManager.owned), calls one service
// function and presents its result.
import type { FastifyInstance } from 'fastify';
import type { CheckLabRequest, StartLabRequest } from '../../../../shared/api.js';
import type { Curriculum } from '../../../curriculum/index.js';
import { checkLab } from '../../../service/check-lab.js';
import { estimateStart } from '../../../service/estimate-start.js';
import { extendLab } from '../../../service/extend-lab.js';
import { findExercise } from '../../../service/find-exercise.js';
import type { Labs } from '../../../service/labs.js';
import { resetLab } from '../../../service/reset-lab.js';
import { startLab } from '../../../service/start-lab.js';
import { stopLab } from '../../../service/stop-lab.js';
import type { Lab } from '../../../lab/types.js';
import type { Store } from '../../../store/index.js';
import type { LabInspector } from '../../../view/inspector.js';
import { errorSchema } from '../../plugins/errors.js';
import { addressKey } from '../../plugins/limits.js';
import { presentLab } from './present.js';
import { checkBody, labParams, labSchema, resultsSchema, startBody } from './schemas.js';

export interface LabRouteOptions {
  labs: Labs;
  curriculum: () => Curriculum;
  /** Progress, check history and lab ownership, when a store is wired. */
  store?: Store;
  /** The lab view, whose faults run a task's drill (exercise.yaml `faults:`) around its checks. */
  inspector?: LabInspector;
}

const errors = { 400: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema, 429: errorSchema, 500: errorSchema, 503: errorSchema };

export async function labRoutes(app: FastifyInstance, opts: LabRouteOptions): Promise<void> {
  const { labs, store } = opts;
  /** The lab as its owner sees it, with the estimate of a start under way. */
  const view = async (lab: Lab) => presentLab(lab, { estimate: await estimateStart({ lab, store }), idleMs: labs.idleMs });

  app.get('/api/labs', { schema: { response: { 200: { type: 'array', items: labSchema } } } }, async (req) =>
    Promise.all((await labs.listOf({ learner: req.identity.id })).map(view)),
  );

  app.post<{ Body: StartLabRequest }>(
    '/api/labs',
    { schema: { body: startBody, response: { 202: labSchema, ...errors } }, onRequest: app.limit('labs') },
    async (req, reply) => {
      const exercise = findExercise({ curriculum: opts.curriculum(), id: req.body.exercise });
      const lab = await startLab({ labs, exercise, learner: req.identity.id, address: addressKey(req.ip) });
      return reply.status(202).send(await view(lab));
    },
  );

  app.get<{ Params: { id: string } }>('/api/labs/:id', { schema: { params: labParams, response: { 200: labSchema, ...errors } } }, async (req) =>
    view(await labs.owned(req.params.id, req.identity.id)),
  );

  app.post<{ Params: { id: string }; Body: CheckLabRequest | null }>(
    '/api/labs/:id/checks',
    { schema: { params: labParams, body: checkBody, response: { 200: resultsSchema, ...errors } }, onRequest: app.limit('checks') },
    async (req) => checkLab({ labs, store, curriculum: opts.curriculum(), labId: req.params.id, learner: req.identity.id, task: req.body?.task, inspector: opts.inspector }),
  );

  app.post<{ Params: { id: string } }>(
    '/api/labs/:id/reset',
    { schema: { params: labParams, response: { 202: labSchema, ...errors } }, onRequest: app.limit('labs') },
    async (req, reply) => reply.status(202).send(await view(await resetLab({ labs, labId: req.params.id, learner: req.identity.id }))),
  );

  // More time: the lab counts as used now, so the idle reaper leaves it another idleMs (its view says until when).
  app.post<{ Params: { id: string } }>(
    '/api/labs/:id/extend',
    { schema: { params: labParams, response: { 200: labSchema, ...errors } }, onRequest: app.limit('labs') },
    async (req) => view(await extendLab({ labs, labId: req.params.id, learner: req.identity.id })),
  );

  app.delete<{ Params: { id: string } }>('/api/labs/:id', { schema: { params: labParams } }, async (req, reply) => {
    await stopLab({ labs, labId: req.params.id, learner: req.identity.id });
    return reply.status(204).send();
  });
}
