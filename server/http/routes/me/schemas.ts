// Response schemas of the learner's own records: MeView, TaskProgress and the store's CheckRun,
// field for field (shared/api.ts, store/types.ts).
import { curriculumId, resultsSchema } from '../labs/schemas.js';

export const meSchema = {
  type: 'object',
  required: ['id', 'role', 'displayName'],
  properties: {
    id: { type: 'string' },
    role: { type: 'string', enum: ['learner', 'author', 'grader', 'admin'] },
    displayName: { type: ['string', 'null'] },
  },
} as const;

export const meBody = {
  type: 'object',
  required: ['displayName'],
  additionalProperties: false,
  properties: {
    displayName: {
      type: 'string',
      minLength: 1,
      maxLength: 60,
      // Text only: not blank (it is trimmed), no markup characters, no control or format characters
      // (C0, DEL, C1; bidi overrides and isolates, zero-width characters, the BOM), no lone
      // surrogates, no line or paragraph separators. Linear: one lookahead at the start, one class.
      pattern: '^(?!\\s*$)[^<>\\p{Cc}\\p{Cf}\\p{Cs}\\p{Zl}\\p{Zp}]+$',
      description: 'Shown as typed (trimmed): letters, digits, punctuation, symbols and spaces; no `<`, `>`, control, format (bidi, zero-width) or separator characters.',
    },
  },
} as const;

export const progressItem = {
  type: 'object',
  properties: {
    exercise: { type: 'string' },
    task: { type: 'string' },
    status: { type: 'string', enum: ['pass', 'fail', 'error'], description: 'The best status reached: pass beats fail beats error.' },
    attempts: { type: 'number' },
    passedAt: { type: 'string' },
    updatedAt: { type: 'string' },
  },
} as const;

export const historyItem = {
  type: 'object',
  properties: {
    id: { type: 'number' },
    learner: { type: 'string' },
    exercise: { type: 'string' },
    task: { type: 'string', description: 'Absent: a run of every task.' },
    lab: { type: 'string' },
    status: { type: 'string', enum: ['pass', 'fail', 'error'] },
    results: resultsSchema,
    at: { type: 'string' },
  },
} as const;

export const exerciseQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { exercise: curriculumId },
} as const;
