// One learner's labs are theirs alone, and capacity is shared fairly, on the app as `opslab serve`
// wires it (lab, terminal and grader routes) over the real engine. Issue 11, defects 2 and 8:
// `Authorization: Bearer constructor` listed every learner's labs, and cookie-less requests (a
// fresh identity each) could take the whole platform's capacity from one address.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCurriculum } from '../../server/curriculum/index.js';
import { parseTokens } from '../../server/config.js';
import { engineSet } from '../../server/engine/select.js';
import type { LabManager } from '../../server/lab/manager.js';
import { createLabManager } from '../../server/platform.js';
import { buildTestApp, cookieOf } from '../helpers/app.js';
import { LABS_COURSE, localEngine } from '../helpers/engine.js';

const GRADER = 'grader-token-0123456789abcdef';

describe('tenancy on the real app', () => {
  let app: FastifyInstance;
  let labs: LabManager;
  let aliceLab: string;
  const ALICE_ADDR = '192.0.2.50';
  const MALLORY_ADDR = '198.51.100.7';
  beforeAll(async () => {
    const engine = await localEngine();
    const { curriculum } = loadCurriculum(LABS_COURSE);
    labs = createLabManager({
      engines: engineSet({ mode: 'local', local: engine }),
      exercises: () => curriculum.exercises,
      instance: `tenancy-${process.pid}`,
      maxLabsPerAddress: 2,
    });
    app = await buildTestApp({ dir: LABS_COURSE, labs, tokens: parseTokens(`${GRADER}:grader:gina`), rateLimits: { checks: { max: 3, windowMs: 60_000 } } });
    const alice = cookieOf(await app.inject({ url: '/api/roadmap', remoteAddress: ALICE_ADDR }));
    const started = await app.inject({ method: 'POST', url: '/api/labs', remoteAddress: ALICE_ADDR, headers: { cookie: alice }, payload: { exercise: 'web-serve' } });
    expect(started.statusCode).toBe(202);
    aliceLab = started.json().id;
  });
  afterAll(async () => {
    await app?.close();
    await labs?.close({ destroyAll: true });
  });

  it.each(['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty'])('Bearer %s lists no one\'s labs', async (name) => {
    const res = await app.inject({ url: '/api/labs', headers: { authorization: `Bearer ${name}` } });
    expect(res.statusCode).toBe(401);
    expect(res.body).not.toContain(aliceLab);
    const one = await app.inject({ url: `/api/labs/${aliceLab}`, headers: { authorization: `Bearer ${name}` } });
    expect(one.statusCode).toBe(401);
  });

  it("a stranger, a fresh identity and a grader's own list never show another learner's lab", async () => {
    for (const headers of [{}, { authorization: `Bearer ${GRADER}` }, { cookie: 'opslab_id=' }]) {
      const res = await app.inject({ url: '/api/labs', headers });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual([]);
    }
    expect(() => labs.list({ learner: '' })).toThrow();
    expect(() => labs.list({} as never)).toThrow();
    expect(() => labs.getOwned(aliceLab, '')).toThrow(/LAB_NOT_FOUND|No lab/);
  });

  it('one address cannot take more than its share with fresh identities', async () => {
    const codes: number[] = [];
    const bodies: string[] = [];
    for (let i = 0; i < 4; i++) {
      // No cookie: every request is a new learner, as a script would do it.
      const res = await app.inject({ method: 'POST', url: '/api/labs', remoteAddress: MALLORY_ADDR, payload: { exercise: 'web-serve' } });
      codes.push(res.statusCode);
      bodies.push(res.body);
    }
    expect(codes).toEqual([202, 202, 503, 503]);
    expect(JSON.parse(bodies[2]!).error).toBe('CAPACITY');
    expect(JSON.parse(bodies[2]!).message).toMatch(/address/);
    // Someone else, from elsewhere, still gets a lab.
    const other = await app.inject({ method: 'POST', url: '/api/labs', remoteAddress: '203.0.113.9', payload: { exercise: 'web-serve' } });
    expect(other.statusCode).toBe(202);
  });

  it('limits check runs on the real route, before the lab is looked up', async () => {
    const cookie = cookieOf(await app.inject({ url: '/api/roadmap', remoteAddress: '203.0.113.20' }));
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await app.inject({ method: 'POST', url: '/api/labs/lab-0123456789/checks', remoteAddress: '203.0.113.20', headers: { cookie }, payload: {} })).statusCode);
    expect(codes).toEqual([404, 404, 404, 429]);
  });
});
