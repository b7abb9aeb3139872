import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabManager } from '../../server/lab/manager.js';
import { buildTestApp, cookieOf } from '../helpers/app.js';
import { LABS_COURSE, testLabManager } from '../helpers/engine.js';

describe('labs API on the real engine', () => {
  let app: FastifyInstance;
  let labs: LabManager;
  let alice: string;
  let bob: string;
  beforeAll(async () => {
    const t = await testLabManager({ curriculumDir: LABS_COURSE });
    labs = t.labs;
    app = await buildTestApp({ dir: LABS_COURSE, labs }); // the lab routes as `opslab serve` wires them
    alice = cookieOf(await app.inject('/api/roadmap'));
    bob = cookieOf(await app.inject('/api/roadmap'));
  });
  afterAll(async () => {
    await app?.close();
    await labs?.close({ destroyAll: true });
  });

  const as = (cookie: string) => ({ headers: { cookie } });

  async function waitReady(id: string, cookie: string) {
    for (let i = 0; i < 120; i++) {
      const res = await app.inject({ url: `/api/labs/${id}`, ...as(cookie) });
      if (res.json().state !== 'starting') return res.json();
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error('lab never left starting');
  }

  it('starts a lab, runs its checks, resets and deletes it; only its learner can touch it', async () => {
    const start = await app.inject({ method: 'POST', url: '/api/labs', payload: { exercise: 'web-serve' }, ...as(alice) });
    expect(start.statusCode).toBe(202);
    const { id } = start.json();
    expect(start.json().state).toBe('starting');
    const lab = await waitReady(id, alice);
    expect(lab.state).toBe('ready');
    expect(lab.hosts.map((h: { name: string }) => h.name)).toEqual(['client', 'web']);
    expect(lab.values['ip.web']).toMatch(/^10\.123\.\d+\.20$/);

    // Bob sees neither the lab nor its checks: the same 404 as a lab that does not exist.
    for (const [method, url] of [['GET', `/api/labs/${id}`], ['POST', `/api/labs/${id}/checks`], ['POST', `/api/labs/${id}/reset`], ['DELETE', `/api/labs/${id}`]] as const) {
      const res = await app.inject({ method, url, ...as(bob) });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json().error).toBe('LAB_NOT_FOUND');
    }
    expect((await app.inject({ url: '/api/labs', ...as(bob) })).json()).toEqual([]);

    const checks = await app.inject({ method: 'POST', url: `/api/labs/${id}/checks`, payload: { task: 'serve' }, ...as(alice) });
    expect(checks.statusCode).toBe(200);
    expect(checks.json()).toMatchObject({ version: 3, status: 'fail', tests: [{ task_id: 'serve', status: 'fail', message: `nothing answers HTTP on web (${lab.values['ip.web']})` }] });

    const all = await app.inject({ method: 'POST', url: `/api/labs/${id}/checks`, ...as(alice) });
    expect(all.json().tests).toHaveLength(2);

    const badTask = await app.inject({ method: 'POST', url: `/api/labs/${id}/checks`, payload: { task: 'nope' }, ...as(alice) });
    expect(badTask.statusCode).toBe(404);
    expect(badTask.json().error).toBe('TASK_NOT_FOUND');

    const reset = await app.inject({ method: 'POST', url: `/api/labs/${id}/reset`, ...as(alice) });
    expect(reset.statusCode).toBe(202);
    expect((await waitReady(id, alice)).state).toBe('ready');

    const del = await app.inject({ method: 'DELETE', url: `/api/labs/${id}`, ...as(alice) });
    expect(del.statusCode).toBe(204);
    expect((await app.inject({ url: `/api/labs/${id}`, ...as(alice) })).statusCode).toBe(404);
  });

  it.each([
    [{ exercise: 'nope' }, 404, 'EXERCISE_NOT_FOUND'],
    [{ exercise: '../../etc' }, 400, 'BAD_REQUEST'],
    [{}, 400, 'BAD_REQUEST'],
    [{ exercise: 'web-serve', privileged: true }, 400, 'BAD_REQUEST'],
  ])('refuses POST /api/labs %j with %s %s and creates nothing', async (payload, status, code) => {
    const before = labs.list({ all: true }).length;
    const res = await app.inject({ method: 'POST', url: '/api/labs', payload, ...as(bob) });
    expect(res.statusCode).toBe(status);
    expect(res.json().error).toBe(code);
    expect(labs.list({ all: true }).length).toBe(before);
  });

  it('refuses checks on a lab id of the wrong shape with 400', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/labs/..%2Fetc/checks', ...as(alice) });
    expect(res.statusCode).toBe(400);
  });
});
