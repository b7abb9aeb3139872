import type { FastifyInstance } from 'fastify';
import { runChecks } from '../../../check/run.js';
import type { Curriculum } from '../../../curriculum/index.js';
import type { LabManager } from '../../../lab/manager.js';
import type { Store } from '../../../store/index.js';
import { checksOf } from '../../../platform.js';
import { requireRole } from '../../plugins/identity.js';

/** For graders: run the checks of every ready lab (of one cohort), and read any learner's progress. */
export async function graderRoutes(app: FastifyInstance, opts: { labs: LabManager; curriculum: () => Curriculum; store?: Store }): Promise<void> {
  app.post<{ Querystring: { cohort?: string } }>(
    '/api/grader/live',
    { schema: { querystring: { type: 'object', additionalProperties: false, properties: { cohort: { type: 'string', maxLength: 64 } } } } },
    async (req) => {
      requireRole(req, 'grader');
      const ready = opts.labs.list({ all: true }).filter((l) => l.state === 'ready');
      const wanted = [];
      for (const lab of ready) {
        if (req.query.cohort && (await opts.store?.getLearner(lab.learner))?.cohort !== req.query.cohort) continue;
        wanted.push(lab);
      }
      const out = [];
      for (const lab of wanted) {
        const ex = opts.curriculum().exercises.get(lab.exercise);
        if (!ex) continue;
        const results = await runChecks({ checks: checksOf(ex), run: (p) => opts.labs.run({ lab, ...p }) });
        out.push({ lab: lab.id, learner: lab.learner, exercise: lab.exercise, status: results.status, message: results.message, results });
      }
      return { labs: out };
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
