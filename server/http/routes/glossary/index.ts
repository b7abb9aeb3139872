import type { FastifyInstance } from 'fastify';
import type { GlossaryView } from '../../../../shared/api.js';
import type { Locale } from '../../../../shared/i18n.js';
import { glossaryView, type Curriculum } from '../../../curriculum/index.js';
import { OpslabError } from '../../../errors.js';
import { errorSchema } from '../../plugins/errors.js';
import { localized } from '../../plugins/locale.js';
import { glossaryQuery, glossarySchema } from './schemas.js';

/** GET /api/glossary: a course's terms, every name of each, the definition in the request's language. */
export async function glossaryRoutes(app: FastifyInstance, opts: { curriculum: () => Curriculum }): Promise<void> {
  app.get<{ Querystring: { course?: string; lang?: Locale } }>(
    '/api/glossary',
    {
      schema: {
        summary: "A course's glossary: its terms in English and the other languages",
        description: 'The first course without `course`. A course without a glossary has no terms.',
        tags: ['course'],
        querystring: glossaryQuery,
        response: { 200: { description: 'The glossary.', ...glossarySchema }, 400: errorSchema, 404: errorSchema },
      },
    },
    async (req, reply): Promise<GlossaryView> => {
      const { courses } = opts.curriculum();
      const id = req.query.course;
      const course = id ? courses.find((c) => c.roadmap.id === id) : courses[0];
      if (!course) throw new OpslabError('NOT_FOUND', id ? `No course '${id}'.` : 'No course is loaded.');
      localized(reply, req.locale);
      return glossaryView(course, req.locale);
    },
  );
}
