// Time and capacity told plainly, on the app as `opslab serve` wires it over the real engine: a
// ready lab's view says when the idle reaper would stop it, POST /api/labs/:id/extend moves that
// (its owner only: anyone else gets the same 404 as for no lab), and a full platform answers 503
// CAPACITY with a Retry-After header and details the page can put in words.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapacityDetails, LabView } from '../../shared/api.js';
import { loadCurriculum } from '../../server/curriculum/index.js';
import { engineSet } from '../../server/engine/select.js';
import type { LabManager } from '../../server/lab/manager.js';
import { createLabManager } from '../../server/platform.js';
import { buildTestApp, cookieOf } from '../helpers/app.js';
import { LABS_COURSE, localEngine } from '../helpers/engine.js';

const IDLE_MS = 20 * 60_000;

describe('lab idle time and capacity on the real app', () => {
  let app: FastifyInstance;
  let labs: LabManager;
  let alice: string;
  let bob: string;
  let lab: LabView;
  const as = (cookie: string) => ({ headers: { cookie } });

  beforeAll(async () => {
    const engine = await localEngine();
    const { curriculum } = loadCurriculum(LABS_COURSE);
    labs = createLabManager({ engines: engineSet({ mode: 'local', local: engine }), exercises: () => curriculum.exercises, instance: `extend-${process.pid}`, maxLabs: 1, idleMs: IDLE_MS });
    app = await buildTestApp({ dir: LABS_COURSE, labs });
    alice = cookieOf(await app.inject('/api/roadmap'));
    bob = cookieOf(await app.inject('/api/roadmap'));
    const started = await app.inject({ method: 'POST', url: '/api/labs', payload: { exercise: 'web-serve' }, ...as(alice) });
    expect(started.statusCode).toBe(202);
    expect(started.json().idleExpiresAt).toBeUndefined(); // a starting lab is not reaped
    await labs.ready(started.json().id);
    lab = (await app.inject({ url: `/api/labs/${started.json().id}`, ...as(alice) })).json();
  });
  afterAll(async () => {
    await app?.close();
    await labs?.close({ destroyAll: true });
  });

  it('says when a ready lab would be stopped if left idle', () => {
    expect(lab.state).toBe('ready');
    const expires = Date.parse(lab.idleExpiresAt!);
    expect(expires).toBeGreaterThan(Date.now() + IDLE_MS - 60_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + IDLE_MS);
    expect(lab.idleLeftMs).toBeGreaterThan(IDLE_MS - 60_000);
    expect(lab.idleLeftMs).toBeLessThanOrEqual(IDLE_MS);
  });

  it('moves that time when its owner extends the lab', async () => {
    await new Promise((r) => setTimeout(r, 1100));
    const res = await app.inject({ method: 'POST', url: `/api/labs/${lab.id}/extend`, ...as(alice) });
    expect(res.statusCode).toBe(200);
    const after: LabView = res.json();
    expect(after.id).toBe(lab.id);
    expect(Date.parse(after.idleExpiresAt!) - Date.parse(lab.idleExpiresAt!)).toBeGreaterThanOrEqual(1000);
    // The lab itself counts as used now: what the reaper reads.
    expect(Date.now() - labs.get(lab.id).lastActive.getTime()).toBeLessThan(5000);
    const seen: LabView = (await app.inject({ url: `/api/labs/${lab.id}`, ...as(alice) })).json();
    expect(seen.idleExpiresAt).toBe(after.idleExpiresAt);
  });

  it("gives anyone else the same 404 as a lab that does not exist, and moves nothing", async () => {
    const before = labs.get(lab.id).lastActive.getTime();
    await new Promise((r) => setTimeout(r, 20));
    for (const id of [lab.id, 'lab-0123456789']) {
      const res = await app.inject({ method: 'POST', url: `/api/labs/${id}/extend`, ...as(bob) });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ error: 'LAB_NOT_FOUND' });
    }
    expect(labs.get(lab.id).lastActive.getTime()).toBe(before);
    const bad = await app.inject({ method: 'POST', url: '/api/labs/..%2Fx/extend', ...as(alice) });
    expect(bad.statusCode).toBe(400);
  });

  it('answers a start on a full platform with 503, Retry-After and when to try again in words', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/labs', payload: { exercise: 'web-serve' }, ...as(bob) });
    expect(res.statusCode).toBe(503);
    const body = res.json() as { error: string; message: string; details: CapacityDetails };
    expect(body.error).toBe('CAPACITY');
    expect(body.details.cap).toBe('platform');
    expect(body.details.running).toBe(1);
    // Alice's lab was just extended: its idle limit (20 min) plus a reaper round.
    expect(body.details.retryAfter).toBeGreaterThan(20 * 60 - 30);
    expect(body.details.retryAfter).toBeLessThanOrEqual(21 * 60);
    expect(res.headers['retry-after']).toBe(String(body.details.retryAfter));
    expect(body.message).toMatch(/The platform is full: 1 lab is running.*Try again in about 2\d minutes/);
  });
});
