import { MAX_ANSWER_CHARS } from '../../../curriculum/index.js';
import { localeField } from '../../plugins/locale.js';

export const exerciseSummaryProps = {
  id: { type: 'string' },
  title: { type: 'string' },
  summary: { type: 'string' },
  difficulty: { type: 'string' },
  minutes: { type: 'number' },
  requires: { type: 'array', items: { type: 'string' } },
  hasLab: { type: 'boolean' },
  taskCount: { type: 'number' },
} as const;

export const exerciseSummarySchema = { type: 'object', properties: exerciseSummaryProps } as const;

const taskSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    title: { type: 'string' },
    text: { type: 'string' },
    hints: { type: 'array', items: { type: 'string' } },
    checks: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, host: { type: 'string' } } } },
    // Only the question and the choices: accepted answers never leave the server.
    quiz: {
      type: 'object',
      properties: {
        question: { type: 'string' },
        // Answered by id, whatever the language of the text.
        choices: { type: 'array', items: { type: 'object', required: ['id', 'text'], properties: { id: { type: 'string' }, text: { type: 'string' } } } },
      },
    },
    hasSolution: { type: 'boolean' },
  },
} as const;

export const exerciseSchema = {
  type: 'object',
  properties: {
    ...exerciseSummaryProps,
    locale: localeField,
    course: { type: 'string' },
    stage: { type: 'string' },
    module: { type: 'string' },
    lesson: { type: 'string' },
    lab: {
      type: 'object',
      properties: {
        networks: { type: 'array', items: { type: 'string' } },
        hosts: {
          type: 'array',
          items: { type: 'object', properties: { name: { type: 'string' }, networks: { type: 'array', items: { type: 'string' } } } },
        },
      },
    },
    tasks: { type: 'array', items: taskSchema },
  },
} as const;

export const answerBodySchema = {
  type: 'object',
  required: ['answer'],
  additionalProperties: false,
  // The cap is enforced here, before any grading: a longer answer is a 400 (BAD_REQUEST).
  properties: { answer: { type: 'string', minLength: 1, maxLength: MAX_ANSWER_CHARS } },
} as const;

export const answerResponseSchema = {
  type: 'object',
  properties: { correct: { type: 'boolean' }, feedback: { type: 'string' }, explanation: { type: 'string' } },
} as const;

export const solutionSchema = {
  type: 'object',
  properties: {
    steps: {
      type: 'array',
      items: { type: 'object', properties: { host: { type: 'string' }, script: { type: 'string' }, text: { type: 'string' } } },
    },
  },
} as const;
