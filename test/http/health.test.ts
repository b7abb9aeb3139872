// GET /api/health with a lab manager: the engines (a vm engine says how it came up) and the warm
// labs per exercise, and no learner's data. The lab manager runs on the FAKE runtime
// (test/helpers/fake-runtime.ts); the engines' list is a fake at that boundary.
import { describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/app.js';
import { fakeBlueprint, fakeLabManager } from '../helpers/fake-runtime.js';

describe('GET /api/health', () => {
  it('lists the engines and the warm labs per exercise', async () => {
    const web = fakeBlueprint('web-serve');
    const { labs } = fakeLabManager({ blueprints: [web], options: { exercises: () => ['web-serve'] } });
    const engines = [
      { id: 'local', kind: 'local', description: 'fake', up: true },
      { id: 'vm', kind: 'vm', description: 'fake vm', up: true, start: { resumed: true, ms: 1200 } },
    ];
    const app = await buildTestApp({ labs, enginesStatus: async () => engines });
    try {
      labs.startWarmLabs({ vm: 0, local: 1, exercises: {}, memoryMiB: 2048 });
      for (let i = 0; i < 1000 && (labs.warmLabs().exercises['web-serve']?.ready ?? 0) < 1; i++) await new Promise((r) => setTimeout(r, 2));
      await labs.start({ learner: 'l_0123456789abcdef', blueprint: web });
      const res = await app.inject('/api/health');
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.engines).toEqual(engines);
      expect(body.engine).toEqual({ up: true, kind: 'local', description: 'fake' });
      expect(body.warmLabs).toMatchObject({ exercises: { 'web-serve': { want: 1 } }, memoryMiB: { used: expect.any(Number), budget: 2048 }, handedOut: 1 });
      expect(res.body).not.toContain('l_0123456789abcdef');
      // One engine of a pool down: the server still serves the others' labs (200); none up: 503.
      engines[0]!.up = false;
      expect((await app.inject('/api/health')).statusCode).toBe(200);
      engines[1]!.up = false;
      expect((await app.inject('/api/health')).statusCode).toBe(503);
    } finally {
      await app.close();
      await labs.close({ destroyAll: true });
    }
  });
});
