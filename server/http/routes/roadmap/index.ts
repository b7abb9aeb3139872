import type { FastifyInstance } from 'fastify';
import type { LessonView, RoadmapView } from '../../../../shared/api.js';
import type { Curriculum } from '../../../curriculum/index.js';
import { OpslabError } from '../../../errors.js';
import { errorSchema } from '../../plugins/errors.js';
import { summarizeExercise } from '../exercises/present.js';
import { lessonSchema, roadmapSchema } from './schemas.js';

export async function roadmapRoutes(app: FastifyInstance, opts: { curriculum: () => Curriculum }): Promise<void> {
  app.get<{ Querystring: { course?: string } }>(
    '/api/roadmap',
    {
      schema: {
        summary: 'The roadmap: stages, modules and exercise summaries of a course',
        description: 'The first course without `course`; `courses` lists them all.',
        tags: ['course'],
        querystring: { type: 'object', properties: { course: { type: 'string', maxLength: 64 } }, additionalProperties: false },
        response: { 200: { description: 'The roadmap.', ...roadmapSchema }, 400: errorSchema, 404: errorSchema },
      },
    },
    async (req) => presentRoadmap(opts.curriculum(), req.query.course),
  );

  app.get<{ Params: { id: string } }>(
    '/api/modules/:id',
    { schema: { summary: "A module's lesson (Markdown)", tags: ['course'], params: idParams, response: { 200: { description: 'The lesson.', ...lessonSchema }, 400: errorSchema, 404: errorSchema } } },
    async (req): Promise<LessonView> => {
      for (const course of opts.curriculum().courses) {
        for (const stage of course.roadmap.stages) {
          const mod = stage.modules.find((m) => m.id === req.params.id);
          if (mod) return { id: mod.id, title: mod.title, markdown: course.lessons[mod.id] ?? '' };
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

function presentRoadmap(curriculum: Curriculum, courseId?: string): RoadmapView {
  const course = courseId ? curriculum.courses.find((c) => c.roadmap.id === courseId) : curriculum.courses[0];
  if (!course) throw new OpslabError('NOT_FOUND', courseId ? `No course '${courseId}'.` : 'No course is loaded.');
  const { roadmap } = course;
  return {
    id: roadmap.id,
    title: roadmap.title,
    summary: roadmap.summary,
    courses: curriculum.courses.map((c) => ({ id: c.roadmap.id, title: c.roadmap.title })),
    stages: roadmap.stages.map((s) => ({
      id: s.id,
      title: s.title,
      summary: s.summary,
      modules: s.modules.map((m) => ({
        id: m.id,
        title: m.title,
        summary: m.summary,
        prerequisites: m.prerequisites,
        exercises: m.exercises.flatMap((id) => {
          const ex = curriculum.exercises.get(id);
          return ex ? [summarizeExercise(ex)] : [];
        }),
      })),
    })),
  };
}
