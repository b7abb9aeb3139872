import { exerciseSummarySchema } from '../exercises/schemas.js';

export const roadmapSchema = {
  type: 'object',
  required: ['id', 'title', 'stages', 'courses'],
  properties: {
    id: { type: 'string' },
    title: { type: 'string' },
    summary: { type: 'string' },
    courses: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, title: { type: 'string' } } } },
    stages: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          title: { type: 'string' },
          summary: { type: 'string' },
          modules: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                id: { type: 'string' },
                title: { type: 'string' },
                summary: { type: 'string' },
                prerequisites: { type: 'array', items: { type: 'string' } },
                exercises: { type: 'array', items: exerciseSummarySchema },
              },
            },
          },
        },
      },
    },
  },
} as const;

export const lessonSchema = {
  type: 'object',
  properties: { id: { type: 'string' }, title: { type: 'string' }, markdown: { type: 'string' } },
} as const;
