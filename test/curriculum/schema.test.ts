import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { jsonSchemas, KERNEL_FEATURE_NAMES } from '../../server/curriculum/index.js';
import { SCHEMA_NAMES } from '../../server/curriculum/jsonschema.js';
import { KERNEL_FEATURES } from '../../server/engine/types.js';

describe('JSON Schema files for editors', () => {
  it.each(SCHEMA_NAMES)('curricula/schema/%s.schema.json is up to date (run `npm run schema`)', (name) => {
    const committed = readFileSync(`curricula/schema/${name}.schema.json`, 'utf8');
    expect(committed).toBe(jsonSchemas()[name]);
  });

  // The curriculum may not import the engine, so each names the features; they must agree.
  it('accepts in `requires` exactly the kernel features the engines probe', () => {
    expect([...KERNEL_FEATURE_NAMES].sort()).toEqual([...KERNEL_FEATURES].sort());
  });

  it('writes a schema for every translation file and catalog', () => {
    expect([...SCHEMA_NAMES].sort()).toEqual(['exercise', 'exercise.translation', 'glossary', 'messages', 'messages.translation', 'roadmap', 'roadmap.translation']);
    const translation = JSON.parse(jsonSchemas()['exercise.translation']);
    expect(translation.additionalProperties).toBe(false);
    expect(Object.keys(translation.properties)).toEqual(expect.arrayContaining(['$schema', 'source', 'title', 'tasks']));
    expect(JSON.parse(jsonSchemas().roadmap).properties.locales).toBeDefined();
  });

  it('describes the strict keys, so editors flag unknown ones', () => {
    const schema = JSON.parse(jsonSchemas().exercise);
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toContain('tasks');
  });
});
