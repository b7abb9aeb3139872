// For graders: run the checks of every ready lab (of one cohort), and read any learner's progress.
import type { FastifyInstance } from 'fastify';
import type { LiveGradesView } from '../../../../shared/api.js';
import type { Curriculum } from '../../../curriculum/index.js';
import { gradeLiveLabs } from '../../../service/grade-live-labs.js';
import type { Labs } from '../../../service/labs.js';
import type { Store } from '../../../store/index.js';
import { requireRole } from '../../plugins/identity.js';

export interface GraderRouteOptions {
  labs: Labs;
  curriculum: () => Curriculum;
  store?: Store;
}

export async function graderRoutes(app: FastifyInstance, opts: GraderRouteOptions): Promise<void> {
  app.post<{ Querystring: { cohort?: string } }>(
    '/api/grader/live',
    { schema: { querystring: { type: 'object', additionalProperties: false, properties: { cohort: { type: 'string', maxLength: 64 } } } } },
    async (req): Promise<LiveGradesView> => {
      requireRole(req, 'grader');
      return { labs: await gradeLiveLabs({ labs: opts.labs, store: opts.store, curriculum: opts.curriculum(), cohort: req.query.cohort }) };
    },
  );

  app.get<{ Params: { learner: string } }>(
    '/api/grader/learners/:learner/progress',
    { schema: { params: { type: 'object', properties: { learner: { type: 'string', pattern: '^l_[0-9a-f]{16}$' } }, required: ['learner'] } } },
    async (req) => {
      requireRole(req, 'grader');
      return opts.store ? opts.store.progress({ learner: req.params.learner }) : [];
    },
  );
}
