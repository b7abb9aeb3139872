// Bad clients against the HTTP API: wrong types, huge bodies, traversal in ids, unicode, odd
// methods and headers. Always a 4xx with a JSON {error, message}; never a 500, a hang or a crash.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/app.js';

const IDS = ['../../etc/passwd', '..%2F..%2Fetc%2Fpasswd', '%2e%2e', 'é', '💥', 'a'.repeat(300), 'x\u0000y', '<script>', "' OR 1=1 --", 'CON', ' ', '%00', '%ff%fe', '.', '-dash'];
const BODIES: unknown[] = [null, 42, 'string', [], [1, 2], { answer: null }, { answer: ['a'] }, { answer: { $ne: 1 } }, { answer: 'x'.repeat(600) }, { answer: '\u0000\uFFFF' }, { __proto__: { admin: true }, answer: 'a' }];

describe('API fuzz', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  const expectClientError = (res: { statusCode: number; headers: Record<string, unknown>; body: string }, what: string) => {
    expect(res.statusCode, what).toBeGreaterThanOrEqual(400);
    expect(res.statusCode, what).toBeLessThan(500);
    expect(String(res.headers['content-type']), what).toContain('application/json');
    const body = JSON.parse(res.body);
    expect(typeof body.error, what).toBe('string');
    expect(typeof body.message, what).toBe('string');
  };

  it.each(IDS)('refuses the exercise id %j with a 4xx JSON error', async (id) => {
    for (const url of [`/api/exercises/${encodeURIComponent(id)}`, `/api/exercises/${id}`, `/api/exercises/quiz-ex/tasks/${encodeURIComponent(id)}/answer`, `/api/modules/${encodeURIComponent(id)}`, `/api/labs/${encodeURIComponent(id)}`]) {
      const method = url.endsWith('/answer') ? 'POST' : 'GET';
      const res = await app.inject({ method, url, payload: method === 'POST' ? { answer: 'x' } : undefined });
      expectClientError(res, `${method} ${url}`);
    }
  });

  it.each(BODIES.map((b) => [JSON.stringify(b) ?? String(b), b]))('refuses the answer body %s', async (_label, body) => {
    const res = await app.inject({ method: 'POST', url: '/api/exercises/quiz-ex/tasks/q1/answer', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });
    if (res.statusCode === 200) {
      // A string answer (however odd) is graded, not refused.
      expect(res.json()).toHaveProperty('correct');
    } else expectClientError(res, JSON.stringify(body));
  });

  it('refuses a 10 MB body, wrong content types and odd methods', async () => {
    const big = await app.inject({ method: 'POST', url: '/api/exercises/quiz-ex/tasks/q1/answer', headers: { 'content-type': 'application/json' }, payload: `{"answer":"${'x'.repeat(10 * 1024 * 1024)}"}` });
    expectClientError(big, 'big body');
    expect(big.statusCode).toBe(413);
    const xml = await app.inject({ method: 'POST', url: '/api/exercises/quiz-ex/tasks/q1/answer', headers: { 'content-type': 'application/xml' }, payload: '<answer/>' });
    expectClientError(xml, 'xml');
    for (const method of ['PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const) {
      const res = await app.inject({ method, url: '/api/roadmap' });
      expectClientError(res, method);
    }
  });

  it('survives a thousand random requests and still answers', async () => {
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const chars = ['a', '/', '%', '.', '💥', '?', '#', '&', '=', '\\', 'é', '0', '-', '{', '"'];
    for (let i = 0; i < 1000; i++) {
      const path = Array.from({ length: 1 + rnd(30) }, () => chars[rnd(chars.length)]).join('');
      const method = (['GET', 'POST', 'DELETE'] as const)[rnd(3)]!;
      const res = await app.inject({ method, url: `/api/${encodeURI(path)}`, payload: method === 'POST' ? { answer: path } : undefined });
      expect(res.statusCode, `${method} /api/${path}`).toBeLessThan(500);
    }
    expect((await app.inject('/api/health')).statusCode).toBe(200);
  });
});
