// JSON Schema for editors, generated from the zod schemas (never edited by hand).
import { z } from 'zod';
import { exerciseSchema, roadmapSchema } from './schema.js';

export function jsonSchemas(): Record<'roadmap' | 'exercise', string> {
  const render = (schema: z.ZodType, title: string) =>
    JSON.stringify({ ...z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }), title }, null, 2) + '\n';
  return {
    roadmap: render(roadmapSchema, 'opslab roadmap.yaml'),
    exercise: render(exerciseSchema, 'opslab exercise.yaml'),
  };
}
