import { localeField } from '../../plugins/locale.js';
import { exerciseSummarySchema } from '../exercises/schemas.js';

export const roadmapSchema = {
  type: 'object',
  required: ['locale', 'id', 'title', 'stages', 'courses'],
  properties: {
    locale: localeField,
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
  required: ['locale', 'id', 'title', 'markdown'],
  properties: { locale: localeField, id: { type: 'string' }, title: { type: 'string' }, markdown: { type: 'string' } },
} as const;
