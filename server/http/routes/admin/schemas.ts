import { errorSchema } from '../../plugins/errors.js';

export const ticketResponse = {
  200: {
    description: 'A one-time ticket: open the console websocket with `?ticket=` within 30 s.',
    type: 'object',
    required: ['ticket', 'expiresInMs', 'path'],
    additionalProperties: false,
    properties: { ticket: { type: 'string' }, expiresInMs: { type: 'number' }, path: { type: 'string' } },
  },
  '4xx': errorSchema,
  '5xx': errorSchema,
} as const;

export const consoleQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ticket: { type: 'string', pattern: '^[A-Za-z0-9_-]{43}$' },
    cols: { type: 'string', pattern: '^[0-9]{1,4}$' },
    rows: { type: 'string', pattern: '^[0-9]{1,4}$' },
  },
} as const;

export const consoleResponse = {
  101: { description: 'Switching to the websocket: the console in the lab terminals\' frames (docs/terminal-protocol.md).', type: 'null' },
  '4xx': errorSchema,
  '5xx': errorSchema,
} as const;
