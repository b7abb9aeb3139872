import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { jsonSchemas } from '../../server/curriculum/index.js';

describe('JSON Schema files for editors', () => {
  it.each(['roadmap', 'exercise'] as const)('curricula/schema/%s.schema.json is up to date (run `npm run schema`)', (name) => {
    const committed = readFileSync(`curricula/schema/${name}.schema.json`, 'utf8');
    expect(committed).toBe(jsonSchemas()[name]);
  });

  it('describes the strict keys, so editors flag unknown ones', () => {
    const schema = JSON.parse(jsonSchemas().exercise);
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toContain('tasks');
  });
});
