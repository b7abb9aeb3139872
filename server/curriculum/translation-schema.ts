// The formats of translation files beside the English ones (roadmap.zh-CN.yaml,
// exercise.zh-CN.yaml, messages.zh-CN.yaml), of the check message catalogs (messages.yaml) and of
// glossary.yaml, as zod schemas; the JSON Schema files for editors are generated from them.
// Objects are strict: a key the format does not know is a problem where it stands, as in the
// English files.
import { z } from 'zod';
import { ARG_NAME_MAX, MESSAGE_ARG, MESSAGE_KEY, MESSAGE_KEY_MAX } from './message-format.js';
import { answerSchema } from './schema.js';

/** First 12 hex digits of the sha256 of the English text a translation was made from. */
export const STAMP = /^[0-9a-f]{12}$/;

const stamps = z
  .record(z.string(), z.string().regex(STAMP, 'a source stamp is 12 lower-case hex digits'))
  .describe('Written by `opslab i18n stamp`, never by hand: entry path → hash of the English text it was translated from.');

const text = z.string().min(1);
const markdown = z.string().min(1).describe('Markdown text.');

// Message keys and argument names, as check scripts print them (`fail_t no-vip vip=...`), within
// the bounds the judge reads a FAIL_T line in (curriculum/message-format.ts).
const messageKey = z
  .string()
  .max(MESSAGE_KEY_MAX, `a message key is at most ${MESSAGE_KEY_MAX} characters`)
  .regex(MESSAGE_KEY, 'message keys use lower-case letters, digits, dots, dashes and underscores (no-vip)');

/** A message: `{name}` only with a name fail_t can pass (a longer one could never be filled in). */
const messageText = text.superRefine((s, ctx) => {
  for (const m of s.matchAll(MESSAGE_ARG)) {
    if (m[1]!.length > ARG_NAME_MAX) ctx.addIssue({ code: 'custom', message: `{${m[1]}}: an argument name is at most ${ARG_NAME_MAX} characters (what fail_t can pass)` });
  }
});

const titled = z.strictObject({ title: text.optional(), summary: text.optional() });

export const roadmapTranslationSchema = z
  .strictObject({
    $schema: z.string().optional(),
    source: stamps.optional(),
    title: text.optional(),
    summary: text.optional(),
    stages: z.record(z.string(), titled).default({}).describe('Stage id (as in roadmap.yaml) → its title and summary.'),
    modules: z.record(z.string(), titled).default({}).describe('Module id (as in roadmap.yaml) → its title and summary.'),
  })
  .describe('opslab roadmap translation (roadmap.<locale>.yaml): what it does not give is shown in English.');

export const taskTranslationSchema = z.strictObject({
  title: text.optional(),
  text: markdown.optional(),
  hints: z.array(markdown).optional().describe('In the order of the English hints; may be shorter (the rest are shown in English).'),
  checks: z.array(text).optional().describe("The checks' names, in the order of the English checks."),
  quiz: z
    .strictObject({
      question: markdown.optional(),
      choices: z.record(z.string(), text).optional().describe('Choice id (a, b, ...) → its text.'),
      explanation: markdown.optional(),
      answers: z.array(answerSchema).optional().describe('More accepted answers, added to the English ones: wording in this language that no glossary term covers.'),
    })
    .optional(),
});

export const exerciseTranslationSchema = z
  .strictObject({
    $schema: z.string().optional(),
    source: stamps.optional(),
    title: text.optional(),
    summary: text.optional(),
    tasks: z.record(z.string(), taskTranslationSchema).default({}).describe('Task id (as in exercise.yaml) → its translation.'),
  })
  .describe('opslab exercise translation (exercise.<locale>.yaml): what it does not give is shown in English.');

export const messagesSchema = z
  .strictObject({
    $schema: z.string().optional(),
    messages: z.record(messageKey, messageText).describe('Key (what `fail_t KEY` prints) → message, with {name} for its arguments.'),
  })
  .describe('opslab check message catalog (messages.yaml): the English messages of `fail_t`/`pass_t`.');

export const messagesTranslationSchema = z
  .strictObject({
    $schema: z.string().optional(),
    source: stamps.optional(),
    messages: z.record(messageKey, messageText).describe('Key → message; only {name} arguments the English message has.'),
  })
  .describe('opslab check message catalog translation (messages.<locale>.yaml).');

const glossaryId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'glossary ids use lower-case letters, digits and dashes (they are /glossary#id anchors)');

// One key per translation locale; today that is zh-CN (shared/i18n.ts TRANSLATION_LOCALES).
export const glossarySchema = z
  .strictObject({
    $schema: z.string().optional(),
    terms: z.array(
      z.strictObject({
        id: glossaryId.describe('Stable id, the anchor of /glossary#id.'),
        en: text.describe('The English name.'),
        'zh-CN': text.optional().describe('The Simplified Chinese name.'),
        aka: z.array(text).default([]).describe('Other names, any language (DS, 负载调度器).'),
        answer: text.optional().describe('What a quiz answer reads a translated name or an aka as (default: the English name).'),
        definition: z.strictObject({ en: markdown, 'zh-CN': markdown.optional() }),
      }),
    ),
  })
  .describe('opslab course glossary (glossary.yaml): each term in every language.');

export type RoadmapTranslationSpec = z.output<typeof roadmapTranslationSchema>;
export type ExerciseTranslationSpec = z.output<typeof exerciseTranslationSchema>;
export type MessagesSpec = z.output<typeof messagesSchema>;
export type GlossarySpec = z.output<typeof glossarySchema>;
