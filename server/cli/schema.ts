// `opslab schema [DIR]`: write roadmap.schema.json and exercise.schema.json (editors complete
// curriculum YAML with them).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { jsonSchemas } from '../curriculum/index.js';
import { defineCommand } from './command.js';

export const command = defineCommand({
  name: 'schema',
  summary: 'write curricula/schema/*.json from the curriculum schema',
  positionals: [{ name: 'DIR', description: 'where to write them (default: curricula/schema)', optional: true }],
  options: {},
  async run({ args }) {
    const dir = args.positionals[0] ?? 'curricula/schema';
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(jsonSchemas())) {
      const file = path.join(dir, `${name}.schema.json`);
      writeFileSync(file, text);
      process.stdout.write(`wrote ${file}\n`);
    }
    return 0;
  },
});
