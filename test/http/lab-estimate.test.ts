// The lab view while a lab starts (GET and POST /api/labs): its stage, and an estimate learned from
// the store's recent starts (this exercise's on this engine kind, else the engine's, else none),
// and a finished start recorded for the next one. The lab manager runs on the FAKE runtime
// (test/helpers/fake-runtime.ts) so a lab can be held in a stage; the store is a real SQLite file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { LabView } from '../../shared/api.js';
import { openStore, type Store } from '../../server/store/index.js';
import { buildTestApp, cookieOf } from '../helpers/app.js';
import { fakeLabManager } from '../helpers/fake-runtime.js';

const LABS_COURSE = 'test/fixtures/curricula/labs';

describe('the lab view of a starting lab', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  /** An app over the fake lab manager and a fresh SQLite store; setup scripts wait until `release()`. */
  async function setup(): Promise<{ app: FastifyInstance; store: Store; cookie: string; release: () => void }> {
    const dir = mkdtempSync(path.join(tmpdir(), 'opslab-estimate-'));
    const store = await openStore({ dataDir: dir });
    const { labs, runtime } = fakeLabManager();
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    runtime.onExec = async (call) => {
      if (call.script.includes('ip route del default')) return undefined; // preparing passes; setup waits
      await released;
      return undefined;
    };
    const app = await buildTestApp({ dir: LABS_COURSE, labs, store });
    cleanups.push(async () => {
      release();
      await app.close();
      await labs.close({ destroyAll: true });
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });
    return { app, store, cookie: cookieOf(await app.inject('/api/roadmap')), release };
  }

  const view = async (app: FastifyInstance, cookie: string, id: string): Promise<LabView> => {
    const res = await app.inject({ url: `/api/labs/${id}`, headers: { cookie } });
    expect(res.statusCode).toBe(200);
    return res.json();
  };

  async function startAndWaitForSetup(app: FastifyInstance, cookie: string): Promise<LabView> {
    const res = await app.inject({ method: 'POST', url: '/api/labs', payload: { exercise: 'web-serve' }, headers: { cookie } });
    expect(res.statusCode).toBe(202);
    const started: LabView = res.json();
    expect(started.state).toBe('starting');
    expect(['networks', 'hosts', 'prepare', 'setup']).toContain(started.stage.id);
    expect(started.estimate).toBeDefined();
    for (let i = 0; i < 200; i++) {
      const lab = await view(app, cookie, started.id);
      if (lab.stage.id === 'setup') return lab;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error('the lab never reached its setup stage');
  }

  it("carries the stage and the median of this exercise's recent starts on its engine kind; records the start once ready", async () => {
    const { app, store, cookie, release } = await setup();
    for (const ms of [30_000, 90_000, 45_000]) await store.recordLabStart({ exercise: 'web-serve', engine: 'local', ms });
    await store.recordLabStart({ exercise: 'web-serve', engine: 'vm', ms: 1_000 }); // another kind of engine: not this one's history
    await store.recordLabStart({ exercise: 'other', engine: 'local', ms: 2_000 }); // another exercise: only a fallback

    const lab = await startAndWaitForSetup(app, cookie);
    expect(lab.stage).toEqual({ id: 'setup', label: 'Running setup step 1 of 1: scripts/setup-web.sh on web' });
    expect(lab.estimate).toMatchObject({ basis: 'exercise', samples: 3, expectedMs: 45_000, overdue: false });
    expect(lab.estimate!.elapsedMs).toBeLessThan(5_000);
    expect(lab.estimate!.remainingMs).toBe(45_000 - lab.estimate!.elapsedMs);
    const [listed] = (await app.inject({ url: '/api/labs', headers: { cookie } })).json() as LabView[];
    expect(listed!.estimate).toMatchObject({ basis: 'exercise', expectedMs: 45_000 });

    release();
    let ready = lab;
    for (let i = 0; i < 200 && ready.state === 'starting'; i++) {
      await new Promise((r) => setTimeout(r, 5));
      ready = await view(app, cookie, lab.id);
    }
    expect(ready.state).toBe('ready');
    expect(ready.stage.id).toBe('ready');
    expect(ready.estimate).toBeUndefined();
    await expect.poll(async () => (await store.labStarts({ engine: 'local', exercise: 'web-serve', limit: 9 })).length).toBe(4);
    const [newest] = await store.labStarts({ engine: 'local', exercise: 'web-serve', limit: 1 });
    expect(newest!.ms).toBeLessThan(5_000); // this start (the fake engine is quick), not a seeded one
  });

  it("falls back to the engine's recent starts of other exercises", async () => {
    const { app, store, cookie } = await setup();
    for (const ms of [20_000, 40_000]) await store.recordLabStart({ exercise: 'other', engine: 'local', ms });
    const lab = await startAndWaitForSetup(app, cookie);
    expect(lab.estimate).toMatchObject({ basis: 'engine', samples: 2, expectedMs: 30_000 });
  });

  it('says there is no estimate without history: no number', async () => {
    const { app, cookie } = await setup();
    const lab = await startAndWaitForSetup(app, cookie);
    expect(lab.estimate).toEqual({ basis: 'none', samples: 0, elapsedMs: lab.estimate!.elapsedMs, overdue: false });
  });

  it('past the estimate: overdue, with 0 left rather than a negative number', async () => {
    const { app, store, cookie } = await setup();
    await store.recordLabStart({ exercise: 'web-serve', engine: 'local', ms: 1 });
    const lab = await startAndWaitForSetup(app, cookie);
    await new Promise((r) => setTimeout(r, 20));
    const later = await view(app, cookie, lab.id);
    expect(later.estimate).toMatchObject({ basis: 'exercise', expectedMs: 1, remainingMs: 0, overdue: true });
  });
});
