// `opslab openapi [--yaml]`: print the API's OpenAPI document, the one a running server serves at
// /api/docs/json, made from the same route schemas without starting anything: an app is built
// (over a scratch SQLite store, so the learner routes are in it) and never listens.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp } from '../http/app.js';
import { openStore } from '../store/index.js';
import { defineCommand } from './command.js';

export const command = defineCommand({
  name: 'openapi',
  summary: 'print the OpenAPI document of the API (what a server serves at /api/docs/json)',
  options: { yaml: { type: 'boolean', description: 'YAML instead of JSON' } },
  async run({ args }) {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'opslab-openapi-'));
    try {
      const store = await openStore({ dataDir });
      const app = await buildApp({ curriculum: { root: dataDir, courses: [], exercises: new Map() }, secret: randomBytes(32).toString('hex'), store });
      try {
        await app.ready();
        process.stdout.write(args.values.yaml ? String(app.swagger({ yaml: true })) : `${JSON.stringify(app.swagger(), null, 2)}\n`);
      } finally {
        await app.close();
        await store.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    return 0;
  },
});
