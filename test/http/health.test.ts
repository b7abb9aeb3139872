// GET /api/health with a lab manager: the engines (a vm engine says how it came up) and the warm
// labs per exercise, and no learner's data. The lab manager runs on the FAKE runtime
// (test/helpers/fake-runtime.ts); the engines' list is a fake at that boundary.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseTokens } from '../../server/config.js';
import { loadCurriculum } from '../../server/curriculum/index.js';
import { buildApp } from '../../server/http/app.js';
import { openStore, type Store } from '../../server/store/index.js';
import { buildTestApp, TEST_SECRET } from '../helpers/app.js';
import { GOOD_COURSE } from '../helpers/curriculum.js';
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
      // Strangers read each engine's kind and id, not its description (where it is: admins only).
      expect(body.engines).toEqual(engines.map((e) => ({ ...e, description: `${e.kind} engine ${e.id}` })));
      expect(body.engine).toEqual({ up: true, kind: 'local', description: 'local engine local' });
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

// Readiness and liveness apart: an orchestrator restarts a server whose liveness fails, and takes
// one out of the load balancer while its readiness fails. The engines' status is a fake at that
// boundary; the store is the real SQLite store, closed to make it fail, or a FAKE that never answers.
describe('GET /api/health/live and /api/health/ready', () => {
  const engines = [{ id: 'local', kind: 'local', description: 'fake', up: true }];
  let dataDir: string;
  let store: Store;
  beforeEach(async () => {
    engines[0]!.up = true;
    dataDir = mkdtempSync(path.join(tmpdir(), 'opslab-ready-'));
    store = await openStore({ dataDir });
  });
  afterEach(async () => {
    await store.close().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('with the engine down: live 200, ready 503 saying no engine is up; both 200 once it is back', async () => {
    const app = await buildTestApp({ store, enginesStatus: async () => engines });
    try {
      const ready = await app.inject('/api/health/ready');
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toEqual({ status: 'ready', reasons: [], checks: { engine: true, store: true, curriculum: true } });
      engines[0]!.up = false;
      const live = await app.inject('/api/health/live');
      expect(live.statusCode).toBe(200);
      expect(live.json()).toEqual({ status: 'ok' });
      const down = await app.inject('/api/health/ready');
      expect(down.statusCode).toBe(503);
      expect(down.json()).toEqual({ status: 'not ready', reasons: ['no engine is up (local down)'], checks: { engine: false, store: true, curriculum: true } });
      // The compatible /api/health says the same as before.
      expect((await app.inject('/api/health')).statusCode).toBe(503);
      engines[0]!.up = true;
      expect((await app.inject('/api/health/ready')).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('with the store failing: ready 503 (the reason without the database error), live 200', async () => {
    const app = await buildTestApp({ store, enginesStatus: async () => engines });
    try {
      await store.close(); // the real store, closed: every query throws
      const ready = await app.inject('/api/health/ready');
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({ status: 'not ready', reasons: ['the store does not answer'], checks: { engine: true, store: false, curriculum: true } });
      expect((await app.inject('/api/health/live')).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('with PostgreSQL down, where the rate limits count too: live 200, ready 503 with its reasons', async () => {
    // A FAKE PostgreSQL store at the boundary: every query is refused, the shared rate counter's too.
    const refused = () => Promise.reject(new Error('connect ECONNREFUSED 10.0.0.5:5432'));
    const down: Store = Object.assign(Object.create(store) as Store, { kind: 'postgres' as const, hit: refused, getLearner: refused });
    const app = await buildApp({ curriculum: loadCurriculum(GOOD_COURSE).curriculum, secret: TEST_SECRET, store: down, enginesStatus: async () => engines });
    try {
      // Other routes are refused while the limits cannot be counted (limits.ts: a failing counter never lets through) ...
      expect((await app.inject('/api/roadmap')).json().error).toBe('STORE_UNAVAILABLE');
      // ... but an outage of the database must not restart every server, nor hide why it is not ready.
      const live = await app.inject('/api/health/live');
      expect(live.statusCode).toBe(200);
      expect(live.json()).toEqual({ status: 'ok' });
      const ready = await app.inject('/api/health/ready');
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toEqual({ status: 'not ready', reasons: ['the store does not answer'], checks: { engine: true, store: false, curriculum: true } });
    } finally {
      await app.close();
    }
  });

  it('with a store that never answers: ready 503 within its timeout, not a hung probe', async () => {
    // A FAKE store at the boundary: a database that accepts the query and never answers.
    const stuck: Store = Object.assign(Object.create(store) as Store, { getLearner: () => new Promise<never>(() => {}) });
    const app = await buildApp({ curriculum: loadCurriculum(GOOD_COURSE).curriculum, secret: TEST_SECRET, store: stuck, enginesStatus: async () => engines });
    try {
      const began = Date.now();
      const ready = await app.inject('/api/health/ready');
      expect(ready.statusCode).toBe(503);
      expect(ready.json().reasons).toEqual(['the store does not answer']);
      expect(Date.now() - began).toBeLessThan(4000);
    } finally {
      await app.close();
    }
  });

  it('with no course loaded: ready 503, live 200', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'opslab-empty-course-'));
    try {
      const app = await buildApp({ curriculum: loadCurriculum(empty).curriculum, secret: TEST_SECRET, enginesStatus: async () => engines });
      try {
        const ready = await app.inject('/api/health/ready');
        expect(ready.statusCode).toBe(503);
        expect(ready.json().checks).toEqual({ engine: true, curriculum: false });
        expect(ready.json().reasons[0]).toMatch(/no course is loaded/);
        expect((await app.inject('/api/health/live')).statusCode).toBe(200);
      } finally {
        await app.close();
      }
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

// The probes answer anyone, with no rate limit (a database outage must not fail them), and each
// asks every engine and the store: a flood of them at once made as many engine pings and store
// queries (with PostgreSQL, the pool every learner's request also needs). Probes at once share
// one asking. The engines' status is a FAKE at that boundary that takes 30 ms; the store is real.
describe('probes at once', () => {
  it('ask the engines and the store once for fifty probes in flight, and afresh once they are answered', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'opslab-flood-'));
    const store = await openStore({ dataDir });
    const engines = [{ id: 'local', kind: 'local', description: 'fake', up: true }];
    let asked = 0;
    const enginesStatus = async () => {
      asked++;
      await new Promise((r) => setTimeout(r, 30));
      return engines;
    };
    const lookups = vi.spyOn(store, 'getLearner');
    const app = await buildTestApp({ store, enginesStatus });
    try {
      const answers = await Promise.all([...Array.from({ length: 50 }, () => app.inject('/api/health')), ...Array.from({ length: 50 }, () => app.inject('/api/health/ready'))]);
      for (const res of answers) expect(res.statusCode).toBe(200);
      expect(asked).toBe(1);
      expect(lookups).toHaveBeenCalledTimes(1);
      // A probe after those were answered asks again: it sees the engines as they are now.
      engines[0]!.up = false;
      expect((await app.inject('/api/health')).statusCode).toBe(503);
      expect(asked).toBe(2);
    } finally {
      await app.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

// /api/health answers anyone, by any Host name (probes): it said where each engine is, as its
// description has it: a remote engine's DOCKER_HOST (an ssh user and an internal address, or the
// address of a Docker API port), the local socket's path, the vm guest's forwarded Docker port.
// Readiness already kept "how" for the log; the engines' whereabouts are for admins too.
describe('GET /api/health for strangers', () => {
  it("names each engine by its id and kind, never where it is; an admin's token gets the whole description", async () => {
    const ADMIN = 'admin-token-0123456789abcdef';
    const engines = [
      { id: 'eng1', kind: 'remote', description: 'eng1 (ssh://deploy@10.0.3.4:22)', up: true },
      { id: 'local', kind: 'local', description: 'local (/var/run/docker.sock)', up: true },
      { id: 'vm', kind: 'vm', description: 'vm (qemu kvm, 127.0.0.1:45123, TLS)', up: true, start: { resumed: true, ms: 900 } },
    ];
    const app = await buildTestApp({ enginesStatus: async () => engines, tokens: parseTokens(`${ADMIN}:admin:ada`) });
    try {
      for (const headers of [{}, { host: '10.9.8.7:8080' }]) {
        const res = await app.inject({ url: '/api/health', headers });
        expect(res.statusCode).toBe(200);
        for (const where of ['10.0.3.4', 'deploy@', 'ssh://', 'docker.sock', '45123']) expect(res.body, where).not.toContain(where);
        expect(res.json().engines.map((e: { id: string; kind: string; up: boolean }) => [e.id, e.kind, e.up])).toEqual([
          ['eng1', 'remote', true],
          ['local', 'local', true],
          ['vm', 'vm', true],
        ]);
        expect(res.json().engines[2].start).toEqual({ resumed: true, ms: 900 });
      }
      const admin = await app.inject({ url: '/api/health', headers: { authorization: `Bearer ${ADMIN}` } });
      expect(admin.json().engines.map((e: { description: string }) => e.description)).toEqual(engines.map((e) => e.description));
    } finally {
      await app.close();
    }
  });
});
