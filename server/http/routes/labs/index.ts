// The learner's labs: list, start, look at, check, reset, extend, stop. Each handler validates (schemas),
// authorizes (the lab must be the caller's: the services ask LabManager.owned), calls one service
// function and presents its result.
import type { FastifyInstance } from 'fastify';
import type { CheckLabRequest, StartLabRequest } from '../../../../shared/api.js';
import type { Curriculum } from '../../../curriculum/index.js';
import { CheckRuns, checkLab, type CheckLabProps } from '../../../service/check-lab.js';
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
import { addressKey } from '../../plugins/limits.js';
import { requestLocale } from './locale.js';
import { presentLab } from './present.js';
import { checkBody, labErrors as errors, labParams, labSchema, noBody, resultsSchema, startBody } from './schemas.js';

export interface LabRouteOptions {
  labs: Labs;
  curriculum: () => Curriculum;
  /** Progress, check history and lab ownership, when a store is wired. */
  store?: Store;
  /** The lab view, whose faults run a task's drill (exercise.yaml `faults:`) around its checks. */
  inspector?: LabInspector;
  /** Told of every check run that produced results (metrics). */
  onChecked?: CheckLabProps['observe'];
}

const tags = ['labs'];
const labResponse = { description: 'The lab as its owner sees it.', ...labSchema };

export async function labRoutes(app: FastifyInstance, opts: LabRouteOptions): Promise<void> {
  const { labs, store } = opts;
  const runs = new CheckRuns(); // the check runs under way: asking again joins one
  /** The lab as its owner sees it, with the estimate of a start under way. */
  const view = async (lab: Lab) => presentLab(lab, { estimate: await estimateStart({ lab, store }), idleMs: labs.idleMs });

  app.get('/api/labs', { schema: { summary: 'Your labs', tags, response: { 200: { description: 'Your labs, oldest first.', type: 'array', items: labSchema }, ...errors } } }, async (req) =>
    Promise.all((await labs.listOf({ learner: req.identity.id })).map(view)),
  );

  app.post<{ Body: StartLabRequest }>(
    '/api/labs',
    {
      schema: {
        summary: 'Start a lab of an exercise',
        description: 'Answers at once (202) with the lab `starting`; poll GET /api/labs/:id for its stage and estimate until it is `ready` (or `failed`, with the error). 503 `CAPACITY` when the platform is full.',
        tags,
        body: startBody,
        response: { 202: labResponse, ...errors },
      },
      onRequest: app.limit('labs'),
    },
    async (req, reply) => {
      const exercise = findExercise({ curriculum: opts.curriculum(), id: req.body.exercise });
      const lab = await startLab({ labs, exercise, learner: req.identity.id, address: addressKey(req.ip) });
      return reply.status(202).send(await view(lab));
    },
  );

  app.get<{ Params: { id: string } }>('/api/labs/:id', { schema: { summary: 'One of your labs: state, stage, hosts, addresses, log', tags, params: labParams, response: { 200: labResponse, ...errors } } }, async (req) =>
    view(await labs.owned(req.params.id, req.identity.id)),
  );

  app.post<{ Params: { id: string }; Body: CheckLabRequest | null }>(
    '/api/labs/:id/checks',
    {
      schema: {
        summary: "Run the lab's checks: one task's (`{task}`) or every task's",
        description:
          "Results in the Exercism-like results.json shape; recorded as your progress and check history. Asked for again while the same run (lab and task) is under way, it joins that run and answers its results. Messages are in the request's language (English fallback); `message_key` and `message_args` name a check's message whatever the language.",
        tags,
        params: labParams,
        body: checkBody,
        response: { 200: { description: 'The results (status pass, fail or error).', ...resultsSchema }, ...errors },
      },
      onRequest: app.limit('checks'),
    },
    async (req) =>
      checkLab({ labs, store, curriculum: opts.curriculum(), labId: req.params.id, learner: req.identity.id, task: req.body?.task, inspector: opts.inspector, observe: opts.onChecked, runs, locale: requestLocale(req) }),
  );

  app.post<{ Params: { id: string } }>(
    '/api/labs/:id/reset',
    { schema: { summary: 'Rebuild the lab from scratch', description: 'Answers at once (202) with the lab `starting` again.', tags, params: labParams, body: noBody, response: { 202: labResponse, ...errors } }, onRequest: app.limit('labs') },
    async (req, reply) => reply.status(202).send(await view(await resetLab({ labs, labId: req.params.id, learner: req.identity.id }))),
  );

  await app.register(import('./preview.js'), { labs }); // POST /api/labs/:id/preview

  // More time: the lab counts as used now, so the idle reaper leaves it another idleMs (its view says until when).
  app.post<{ Params: { id: string } }>(
    '/api/labs/:id/extend',
    {
      schema: {
        summary: 'Keep the lab: it counts as used now',
        description: 'The idle reaper stops a lab nobody used for a while; this moves its `idleExpiresAt` to a full idle period from now.',
        tags,
        params: labParams,
        body: noBody,
        response: { 200: labResponse, ...errors },
      },
      onRequest: app.limit('labs'),
    },
    async (req) => view(await extendLab({ labs, labId: req.params.id, learner: req.identity.id })),
  );

  app.delete<{ Params: { id: string } }>('/api/labs/:id', { schema: { summary: 'Destroy the lab', tags, params: labParams, response: { 204: { description: 'Destroyed.', type: 'null' }, ...errors } } }, async (req, reply) => {
    await stopLab({ labs, labId: req.params.id, learner: req.identity.id });
    return reply.status(204).send();
  });
}
