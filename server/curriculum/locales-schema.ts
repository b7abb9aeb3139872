// roadmap.yaml's `locales:`: where a course promises a translation. A missing or stale translation
// is a warning, unless the course says the locale is required (for the whole course or for some
// stages): there it is an error. Apart from schema.ts so that the translation schemas, which
// import schema.ts, and schema.ts can both use it without a cycle.
import { z } from 'zod';
import { TRANSLATION_LOCALES } from '../../shared/i18n.js';

export const localesSchema = z
  .partialRecord(
    z.enum(TRANSLATION_LOCALES),
    z.strictObject({
      required: z
        .union([z.boolean(), z.array(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'stage ids use lower-case letters, digits and dashes')).min(1)])
        .default(false)
        .describe('true: every text of the course must be translated and fresh (else `opslab validate` fails); a list of stage ids: those stages only.'),
    }),
  )
  .describe('Translations this course requires, by locale (zh-CN). Without it, missing or stale translations are warnings.');

export type LocalesSpec = z.output<typeof localesSchema>;
