// GlossaryView (shared/api.ts), field for field.
import { LOCALES } from '../../../../shared/i18n.js';
import { langQueryProperty, localeField } from '../../plugins/locale.js';

const names = {
  type: 'object',
  description: 'The term in every language the glossary has it in.',
  properties: Object.fromEntries(LOCALES.map((l) => [l, { type: 'string' }])),
  additionalProperties: false,
} as const;

export const glossarySchema = {
  type: 'object',
  required: ['locale', 'course', 'terms'],
  properties: {
    locale: localeField,
    course: { type: 'string' },
    terms: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'names', 'aka', 'definition'],
        properties: {
          id: { type: 'string', description: 'Anchor of the term on the glossary page (/glossary#director).' },
          names,
          aka: { type: 'array', items: { type: 'string' }, description: 'Other names the term goes by, any language.' },
          definition: { type: 'string', description: 'Markdown, in the language of the request (English where it has none).' },
        },
      },
    },
  },
} as const;

export const glossaryQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { course: { type: 'string', maxLength: 64 }, lang: langQueryProperty },
} as const;
