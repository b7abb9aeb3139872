// JSON Schema for editors, generated from the zod schemas (never edited by hand).
import { z } from 'zod';
import { exerciseSchema, roadmapSchema } from './schema.js';
import { exerciseTranslationSchema, glossarySchema, messagesSchema, messagesTranslationSchema, roadmapTranslationSchema } from './translation-schema.js';

export const SCHEMA_NAMES = ['roadmap', 'exercise', 'roadmap.translation', 'exercise.translation', 'messages', 'messages.translation', 'glossary'] as const;
export type SchemaName = (typeof SCHEMA_NAMES)[number];

/** File name (without .schema.json) → its text. */
export function jsonSchemas(): Record<SchemaName, string> {
  const render = (schema: z.ZodType, title: string) =>
    JSON.stringify({ ...z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }), title }, null, 2) + '\n';
  return {
    roadmap: render(roadmapSchema, 'opslab roadmap.yaml'),
    exercise: render(exerciseSchema, 'opslab exercise.yaml'),
    'roadmap.translation': render(roadmapTranslationSchema, 'opslab roadmap.<locale>.yaml'),
    'exercise.translation': render(exerciseTranslationSchema, 'opslab exercise.<locale>.yaml'),
    messages: render(messagesSchema, 'opslab messages.yaml'),
    'messages.translation': render(messagesTranslationSchema, 'opslab messages.<locale>.yaml'),
    glossary: render(glossarySchema, 'opslab glossary.yaml'),
  };
}
