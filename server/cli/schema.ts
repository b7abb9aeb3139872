import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { jsonSchemas } from '../curriculum/index.js';

/** `opslab schema [DIR]`: write roadmap.schema.json and exercise.schema.json (default curricula/schema). */
export async function schemaCommand(argv: string[]): Promise<number> {
  const dir = argv[0] ?? 'curricula/schema';
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(jsonSchemas())) {
    const file = path.join(dir, `${name}.schema.json`);
    writeFileSync(file, text);
    process.stdout.write(`wrote ${file}\n`);
  }
  return 0;
}
