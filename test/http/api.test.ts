import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, cookieOf } from '../helpers/app.js';

describe('curriculum API', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  it('serves the roadmap with stages, modules and exercise summaries', async () => {
    const res = await app.inject('/api/roadmap');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.id).toBe('fixture');
    expect(body.stages[0].modules.map((m: { id: string }) => m.id)).toEqual(['intro', 'web']);
    expect(body.stages[0].modules[1].exercises[0]).toMatchObject({ id: 'web-lab', hasLab: true, requires: [] });
    expect(body.stages[0].modules[1].prerequisites).toEqual(['intro']);
  });

  it('gives a learner an identity cookie on the first visit', async () => {
    const res = await app.inject('/api/roadmap');
    expect(cookieOf(res)).toMatch(/^opslab_id=l_[0-9a-f]{16}\.[A-Za-z0-9_-]+$/);
    const again = await app.inject({ url: '/api/roadmap', headers: { cookie: cookieOf(res) } });
    expect(again.headers['set-cookie']).toBeUndefined();
  });

  it('replaces a forged identity cookie with a fresh one', async () => {
    // A forgery of the right shape and length (32 base64url characters), so only the HMAC can refuse it;
    // and a real signature moved onto another learner's id.
    const real = cookieOf(await app.inject('/api/roadmap')).split('=')[1]!;
    const [realId, realSig] = real.split('.') as [string, string];
    for (const forged of [`l_0000000000000000.${'A'.repeat(32)}`, `l_0000000000000000.${realSig}`]) {
      const res = await app.inject({ url: '/api/roadmap', headers: { cookie: `opslab_id=${forged}` } });
      expect(cookieOf(res)).not.toContain('l_0000000000000000');
    }
    expect(realSig).toHaveLength(32);
    // The genuine cookie is kept (no new one is set), so the refusals above are the signature's doing.
    const kept = await app.inject({ url: '/api/roadmap', headers: { cookie: `opslab_id=${realId}.${realSig}` } });
    expect(kept.headers['set-cookie']).toBeUndefined();
  });

  it('serves an exercise without the accepted quiz answers', async () => {
    const res = await app.inject('/api/exercises/quiz-ex');
    expect(res.statusCode).toBe(200);
    expect(res.json().tasks[0].quiz).toEqual({ question: 'Which tool manages the IPVS table?' });
    expect(res.body).not.toContain('ipvsadm talks'); // the explanation comes only after answering
    expect(res.body).not.toContain('"answers"');
  });

  it('grades quiz answers on the server', async () => {
    const right = await app.inject({ method: 'POST', url: '/api/exercises/quiz-ex/tasks/q1/answer', payload: { answer: 'IPVSADM' } });
    expect(right.json()).toEqual({ correct: true, explanation: 'ipvsadm talks to the kernel\'s IPVS.' });
    const wrong = await app.inject({ method: 'POST', url: '/api/exercises/quiz-ex/tasks/q2/answer', payload: { answer: '8.93 KB/s' } });
    expect(wrong.json()).toMatchObject({ correct: false, feedback: 'the unit should be MB/s, not KB/s' });
  });

  it.each([
    ['GET', '/api/exercises/nope', undefined, 404, 'EXERCISE_NOT_FOUND'],
    ['GET', '/api/exercises/..%2F..%2Fetc%2Fpasswd', undefined, 400, 'BAD_REQUEST'],
    ['GET', '/api/exercises/QUIZ', undefined, 400, 'BAD_REQUEST'],
    ['POST', '/api/exercises/quiz-ex/tasks/nope/answer', { answer: 'x' }, 404, 'TASK_NOT_FOUND'],
    ['POST', '/api/exercises/web-lab/tasks/serve/answer', { answer: 'x' }, 409, 'TASK_NOT_A_QUIZ'],
    ['POST', '/api/exercises/quiz-ex/tasks/q1/answer', { answer: 42 }, 400, 'BAD_REQUEST'],
    ['POST', '/api/exercises/quiz-ex/tasks/q1/answer', { answer: 'x', extra: 1 }, 400, 'BAD_REQUEST'],
    ['POST', '/api/exercises/quiz-ex/tasks/q1/answer', { answer: 'x'.repeat(10_000) }, 413, 'PAYLOAD_TOO_LARGE'],
    ['GET', '/api/nothing-here', undefined, 404, 'NOT_FOUND'],
  ] as const)('%s %s → %s %s with a JSON error', async (method, url, payload, status, code) => {
    const res = await app.inject({ method, url, payload });
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.json()).toMatchObject({ error: code, message: expect.any(String) });
  });

  it('refuses malformed JSON with 400, not 500', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/exercises/quiz-ex/tasks/q1/answer', headers: { 'content-type': 'application/json' }, payload: '{"answer":' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('BAD_REQUEST');
  });

  it('shows the solution scripts of a task', async () => {
    const res = await app.inject('/api/exercises/web-lab/tasks/serve/solution');
    expect(res.json().steps).toEqual([{ host: 'web', script: 'scripts/solve.sh', text: expect.stringContaining('set -eu') }]);
  });

  it('reports health', async () => {
    const res = await app.inject('/api/health');
    expect(res.json()).toEqual({ status: 'ok', exercises: 2 });
  });

  it('has the lab and grader routes without a lab manager: validated as usual, then 503 LABS_UNAVAILABLE', async () => {
    const cookie = cookieOf(await app.inject('/api/roadmap'));
    const ask = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) => app.inject({ method, url, payload, headers: { cookie } });
    for (const res of [await ask('GET', '/api/labs'), await ask('POST', '/api/labs', { exercise: 'web-lab' }), await ask('GET', '/api/labs/lab-0123456789'), await ask('POST', '/api/labs/lab-0123456789/checks', {}), await ask('POST', '/api/labs/lab-0123456789/reset'), await ask('DELETE', '/api/labs/lab-0123456789')]) {
      expect(res.statusCode, res.body).toBe(503);
      expect(res.json()).toEqual({ error: 'LABS_UNAVAILABLE', message: expect.stringContaining('without a lab engine') });
    }
    // What is refused before a lab is needed is refused as ever.
    expect((await ask('POST', '/api/labs', { exercise: 'nope' })).json().error).toBe('EXERCISE_NOT_FOUND');
    expect((await ask('POST', '/api/labs', { exercise: 'quiz-ex' })).json().error).toBe('EXERCISE_HAS_NO_LAB');
    expect((await ask('GET', '/api/labs/..%2Fetc')).statusCode).toBe(400);
    expect((await ask('POST', '/api/grader/live')).statusCode).toBe(403);
  });
});
