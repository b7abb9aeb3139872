// For graders: run the checks of every ready lab (of one cohort), and read any learner's progress.
import type { FastifyInstance } from 'fastify';
import type { LiveGradesView } from '../../../../shared/api.js';
import type { Curriculum } from '../../../curriculum/index.js';
import { gradeLiveLabs } from '../../../service/grade-live-labs.js';
import type { Labs } from '../../../service/labs.js';
import type { Store } from '../../../store/index.js';
import { errorSchema } from '../../plugins/errors.js';
import { requireRole } from '../../plugins/identity.js';
import { requestLocale } from '../labs/locale.js';
import { noBody, resultsSchema } from '../labs/schemas.js';
import { progressItem } from '../me/schemas.js';

export interface GraderRouteOptions {
  labs: Labs;
  curriculum: () => Curriculum;
  store?: Store;
}

const tags = ['grader'];
const security = [{ bearer: [] }];
const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 429: errorSchema, 503: errorSchema };

/** LiveGradesView (shared/api.ts). */
const liveGrades = {
  type: 'object',
  properties: {
    labs: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          lab: { type: 'string' },
          learner: { type: 'string' },
          exercise: { type: 'string' },
          status: { type: 'string', enum: ['pass', 'fail', 'error'] },
          message: { type: 'string' },
          results: resultsSchema,
        },
      },
    },
  },
} as const;

export async function graderRoutes(app: FastifyInstance, opts: GraderRouteOptions): Promise<void> {
  app.post<{ Querystring: { cohort?: string } }>(
    '/api/grader/live',
    {
      schema: {
        summary: 'Run the checks of every ready lab (of one cohort)',
        description: "For graders and admins (bearer token); `opslab grade --live` calls it. Messages in the request's language (Accept-Language; English by default).",
        tags,
        security,
        querystring: { type: 'object', additionalProperties: false, properties: { cohort: { type: 'string', maxLength: 64 } } },
        body: noBody,
        response: { 200: { description: "Each ready lab's results.", ...liveGrades }, ...errors },
      },
    },
    async (req): Promise<LiveGradesView> => {
      requireRole(req, 'grader');
      return { labs: await gradeLiveLabs({ labs: opts.labs, store: opts.store, curriculum: opts.curriculum(), cohort: req.query.cohort, locale: requestLocale(req) }) };
    },
  );

  app.get<{ Params: { learner: string } }>(
    '/api/grader/learners/:learner/progress',
    {
      schema: {
        summary: "A learner's progress",
        description: 'For graders and admins (bearer token).',
        tags,
        security,
        params: { type: 'object', properties: { learner: { type: 'string', pattern: '^l_[0-9a-f]{16}$' } }, required: ['learner'] },
        response: { 200: { description: "One row per task the learner checked or answered.", type: 'array', items: progressItem }, ...errors },
      },
    },
    async (req) => {
      requireRole(req, 'grader');
      return opts.store ? opts.store.progress({ learner: req.params.learner }) : [];
    },
  );
}
