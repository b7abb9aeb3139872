import type { FastifyInstance } from 'fastify';
import type { LessonView, RoadmapView } from '../../../../shared/api.js';
import type { Locale } from '../../../../shared/i18n.js';
import { courseTitle, localizeModule, localizeRoadmap, type Curriculum } from '../../../curriculum/index.js';
import { OpslabError } from '../../../errors.js';
import { errorSchema } from '../../plugins/errors.js';
import { langQuery, langQueryProperty, localized } from '../../plugins/locale.js';
import { lessonSchema, roadmapSchema } from './schemas.js';

export async function roadmapRoutes(app: FastifyInstance, opts: { curriculum: () => Curriculum }): Promise<void> {
  app.get<{ Querystring: { course?: string; lang?: Locale } }>(
    '/api/roadmap',
    {
      schema: {
        summary: 'The roadmap: stages, modules and exercise summaries of a course',
        description: 'The first course without `course`; `courses` lists them all. In the language of the request, English where a text has no translation.',
        tags: ['course'],
        querystring: { type: 'object', properties: { course: { type: 'string', maxLength: 64 }, lang: langQueryProperty }, additionalProperties: false },
        response: { 200: { description: 'The roadmap.', ...roadmapSchema }, 400: errorSchema, 404: errorSchema },
      },
    },
    async (req, reply) => {
      localized(reply, req.locale);
      return presentRoadmap(opts.curriculum(), req.locale, req.query.course);
    },
  );

  app.get<{ Params: { id: string }; Querystring: { lang?: Locale } }>(
    '/api/modules/:id',
    {
      schema: {
        summary: "A module's lesson (Markdown)",
        description: 'In the language of the request: the translated lesson when the course has one, else the English.',
        tags: ['course'],
        params: idParams,
        querystring: langQuery,
        response: { 200: { description: 'The lesson.', ...lessonSchema }, 400: errorSchema, 404: errorSchema },
      },
    },
    async (req, reply): Promise<LessonView> => {
      for (const course of opts.curriculum().courses) {
        const lesson = localizeModule(course, req.params.id, req.locale);
        if (lesson) {
          localized(reply, req.locale);
          return lesson;
        }
      }
      throw new OpslabError('NOT_FOUND', `No module '${req.params.id}'.`);
    },
  );
}

export const idParams = {
  type: 'object',
  properties: { id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' } },
  required: ['id'],
} as const;

function presentRoadmap(curriculum: Curriculum, locale: Locale, courseId?: string): RoadmapView {
  const course = courseId ? curriculum.courses.find((c) => c.roadmap.id === courseId) : curriculum.courses[0];
  if (!course) throw new OpslabError('NOT_FOUND', courseId ? `No course '${courseId}'.` : 'No course is loaded.');
  return {
    ...localizeRoadmap(course, curriculum.exercises, locale),
    courses: curriculum.courses.map((c) => ({ id: c.roadmap.id, title: courseTitle(c, locale) })),
  };
}
