import { LAB_STAGES } from '../../../../shared/api.js';
import { errorSchema } from '../../plugins/errors.js';

/** The refusals a lab route may answer (the error catalog's statuses). */
export const labErrors = { 400: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema, 429: errorSchema, 500: errorSchema, 503: errorSchema };

export const labParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: '^lab-[0-9a-f]{10}$' } },
} as const;

/** A lab host's or network's name, as the topology names them (engine/specs.ts). */
export const hostName = { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,31}$' } as const;

/** An exercise's or task's id, as the curriculum names them. */
export const curriculumId = { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' } as const;

export const startBody = {
  type: 'object',
  required: ['exercise'],
  additionalProperties: false,
  properties: { exercise: curriculumId },
} as const;

/** A POST that takes no body: none, or an empty object. */
export const noBody = {
  type: ['object', 'null'],
  description: 'No body (or `{}`).',
  additionalProperties: false,
  maxProperties: 0,
} as const;

export const checkBody = {
  type: ['object', 'null'],
  additionalProperties: false,
  properties: { task: curriculumId },
} as const;

export const labSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    exercise: { type: 'string' },
    state: { type: 'string', enum: ['starting', 'ready', 'failed', 'gone'] },
    stage: {
      type: 'object',
      required: ['id', 'label'],
      properties: { id: { type: 'string', enum: LAB_STAGES }, label: { type: 'string' } },
    },
    estimate: {
      type: 'object',
      required: ['basis', 'samples', 'elapsedMs', 'overdue'],
      properties: {
        basis: { type: 'string', enum: ['exercise', 'engine', 'none'] },
        samples: { type: 'integer' },
        expectedMs: { type: 'integer' },
        elapsedMs: { type: 'integer' },
        remainingMs: { type: 'integer' },
        overdue: { type: 'boolean' },
      },
    },
    engine: { type: 'string' },
    hosts: {
      type: 'array',
      items: {
        type: 'object',
        properties: { name: { type: 'string' }, addresses: { type: 'object', additionalProperties: { type: 'string' } }, running: { type: 'boolean' } },
      },
    },
    values: { type: 'object', additionalProperties: { type: 'string' } },
    log: { type: 'array', items: { type: 'string' } },
    error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } },
    createdAt: { type: 'string' },
    idleExpiresAt: { type: 'string', format: 'date-time' },
    idleLeftMs: { type: 'integer', minimum: 0 },
  },
} as const;

export const resultsSchema = {
  type: 'object',
  properties: {
    version: { type: 'number' },
    status: { type: 'string' },
    message: { type: 'string' },
    tests: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          task_id: { type: 'string' },
          host: { type: 'string' },
          status: { type: 'string' },
          message: { type: 'string' },
          message_key: { type: 'string', description: 'The catalog key of the message (`fail_t KEY` in the check, or a platform key such as `check.timeout`).' },
          message_args: { type: 'object', additionalProperties: { type: 'string' }, description: "The message's arguments by name." },
          output: { type: 'string' },
          duration_ms: { type: 'number' },
        },
      },
    },
  },
} as const;
