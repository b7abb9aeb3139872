// Response schemas of the learner's own records: MeView, TaskProgress and the store's CheckRun,
// field for field (shared/api.ts, store/types.ts).
import { curriculumId, resultsSchema } from '../labs/schemas.js';
import { DISPLAY_NAME_MAX, DISPLAY_NAME_REFUSED } from '../../../../shared/api.js';
import { LOCALES } from '../../../../shared/i18n.js';
import { langQueryProperty, localeField } from '../../plugins/locale.js';

export const meSchema = {
  type: 'object',
  required: ['id', 'role', 'displayName', 'locale', 'localeChosen'],
  properties: {
    id: { type: 'string' },
    role: { type: 'string', enum: ['learner', 'author', 'grader', 'admin'] },
    displayName: { type: ['string', 'null'] },
    locale: { ...localeField, description: 'The language of the app and the course for you: `lang`, your choice, else Accept-Language.' },
    localeChosen: { type: 'boolean', description: 'Whether `locale` is a choice you made rather than the browser’s.' },
  },
} as const;

export const meBody = {
  type: 'object',
  // One or both; an empty body changes nothing and is a mistake.
  minProperties: 1,
  additionalProperties: false,
  properties: {
    locale: { type: 'string', enum: [...LOCALES], description: 'Your language, kept for you and in the opslab_locale cookie.' },
    displayName: {
      type: 'string',
      minLength: 1,
      maxLength: DISPLAY_NAME_MAX,
      // Text only: not blank (it is trimmed), none of DISPLAY_NAME_REFUSED. Linear: one lookahead
      // at the start, one class.
      pattern: `^(?!\\s*$)[^${DISPLAY_NAME_REFUSED}]+$`,
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

/** The history's query: its messages are rendered again in the request's language, which `lang` may name like on every such route. */
export const historyQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { exercise: curriculumId, lang: langQueryProperty },
} as const;
