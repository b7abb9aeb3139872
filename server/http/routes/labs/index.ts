import type { FastifyInstance } from 'fastify';
import type { LabView } from '../../../../shared/api.js';
import { runChecks } from '../../../check/run.js';
import type { Curriculum } from '../../../curriculum/index.js';
import { OpslabError } from '../../../errors.js';
import type { LabManager } from '../../../lab/manager.js';
import type { Lab } from '../../../lab/types.js';
import type { Store } from '../../../store/index.js';
import { blueprintOf, checksOf } from '../../../platform.js';
import { errorSchema } from '../../plugins/errors.js';
import { addressKey } from '../../plugins/limits.js';
import { checkBody, labParams, labSchema, resultsSchema, startBody } from './schemas.js';

export interface LabRouteOptions {
  labs: LabManager;
  curriculum: () => Curriculum;
  /** Progress, check history and lab ownership, when a store is wired. */
  store?: Store;
}

export function presentLab(lab: Lab): LabView {
  return {
    id: lab.id,
    exercise: lab.exercise,
    state: lab.state,
    engine: lab.engine.kind,
    hosts: lab.hosts.map((h) => ({ name: h.name, addresses: h.addresses, running: lab.state === 'ready' })),
    values: lab.values,
    log: lab.log.slice(-50),
    error: lab.error,
    createdAt: lab.createdAt.toISOString(),
  };
}

const errors = { 400: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema, 429: errorSchema, 500: errorSchema, 503: errorSchema };

export async function labRoutes(app: FastifyInstance, opts: LabRouteOptions): Promise<void> {
  const { labs } = opts;
  const exercise = (id: string) => {
    const ex = opts.curriculum().exercises.get(id);
    if (!ex) throw new OpslabError('EXERCISE_NOT_FOUND', `No exercise '${id}'.`);
    return ex;
  };

  app.get('/api/labs', { schema: { response: { 200: { type: 'array', items: labSchema } } } }, async (req) =>
    labs.list({ learner: req.identity.id }).map(presentLab),
  );

  app.post<{ Body: { exercise: string } }>(
    '/api/labs',
    { schema: { body: startBody, response: { 202: labSchema, ...errors } }, onRequest: app.limit('labs') },
    async (req, reply) => {
      const lab = await labs.start({ learner: req.identity.id, address: addressKey(req.ip), blueprint: blueprintOf(exercise(req.body.exercise)) });
      await opts.store?.saveLab({ id: lab.id, learner: lab.learner, exercise: lab.exercise, engine: lab.engine.kind, state: lab.state, createdAt: lab.createdAt.toISOString() });
      return reply.status(202).send(presentLab(lab));
    },
  );

  app.get<{ Params: { id: string } }>('/api/labs/:id', { schema: { params: labParams, response: { 200: labSchema, ...errors } } }, async (req) =>
    presentLab(labs.getOwned(req.params.id, req.identity.id)),
  );

  app.post<{ Params: { id: string }; Body: { task?: string } | null }>(
    '/api/labs/:id/checks',
    { schema: { params: labParams, body: checkBody, response: { 200: resultsSchema, ...errors } }, onRequest: app.limit('checks') },
    async (req) => {
      const lab = labs.getOwned(req.params.id, req.identity.id);
      if (lab.state !== 'ready') throw new OpslabError(lab.state === 'starting' ? 'LAB_BUSY' : 'LAB_NOT_READY', `The lab is ${lab.state}.`);
      const task = req.body?.task;
      const checks = checksOf(exercise(lab.exercise), task);
      const results = await runChecks({ checks, run: (p) => labs.run({ lab, ...p }) });
      await opts.store?.recordChecks({ learner: req.identity.id, exercise: lab.exercise, task, lab: lab.id, results });
      return results;
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/labs/:id/reset',
    { schema: { params: labParams, response: { 202: labSchema, ...errors } }, onRequest: app.limit('labs') },
    async (req, reply) => {
      labs.getOwned(req.params.id, req.identity.id);
      return reply.status(202).send(presentLab(await labs.reset(req.params.id)));
    },
  );

  app.delete<{ Params: { id: string } }>('/api/labs/:id', { schema: { params: labParams } }, async (req, reply) => {
    labs.getOwned(req.params.id, req.identity.id);
    await labs.destroy(req.params.id);
    await opts.store?.deleteLab(req.params.id);
    return reply.status(204).send();
  });
}
