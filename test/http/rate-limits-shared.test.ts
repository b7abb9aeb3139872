// Rate limits across servers (issue 15): servers that share one PostgreSQL count every limit in it,
// so a learner (or an address) spreading requests over several servers gets no more than on one.
// One SQLite server keeps its counters in memory. A counter that fails refuses, never lets through.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { RateLimitOptions } from '../../server/http/plugins/limits.js';
import { openStore, type Store } from '../../server/store/index.js';
import { buildTestApp, cookieOf } from '../helpers/app.js';
import { freshPostgres } from '../helpers/postgres.js';

// Windows are fixed and start at multiples of windowMs (ClusterStore.hit): an hour, and no test
// begins in the last few seconds of one, so no count is cut in two by a window's end.
const WINDOW_MS = 3_600_000;
async function clearOfWindowEnd(needMs = 10_000): Promise<void> {
  const left = WINDOW_MS - (Date.now() % WINDOW_MS);
  if (left < needMs) await new Promise((r) => setTimeout(r, left + 50));
}

describe('rate limits across servers', () => {
  const apps: FastifyInstance[] = [];
  const stores: Store[] = [];
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((a) => a.close()));
    await Promise.all(stores.splice(0).map((s) => s.close().catch(() => {})));
  });
  const keep = (s: Store) => {
    stores.push(s);
    return s;
  };
  /** Two servers, each with a store of its own (two connection pools) on one PostgreSQL schema. */
  const twoOnPostgres = async () => {
    const url = await freshPostgres();
    return [keep(await openStore({ dataDir: '/nonexistent', url })), keep(await openStore({ dataDir: '/nonexistent', url }))];
  };
  const twoOnSqlite = async () => [
    keep(await openStore({ dataDir: mkdtempSync(path.join(tmpdir(), 'opslab-rate-')) })),
    keep(await openStore({ dataDir: mkdtempSync(path.join(tmpdir(), 'opslab-rate-')) })),
  ];
  const servers = async (storesOf: (Store | undefined)[], rateLimits: Partial<RateLimitOptions>) => {
    const built: FastifyInstance[] = [];
    for (const store of storesOf) built.push(await buildTestApp({ store, rateLimits }));
    apps.push(...built);
    return built;
  };
  const answer = (a: FastifyInstance, cookie: string, remoteAddress: string) =>
    a.inject({ method: 'POST', url: '/api/exercises/quiz-ex/tasks/q1/answer', remoteAddress, headers: { cookie }, payload: { answer: 'x' } });
  const expectRefused = (res: LightMyRequestResponse, what: string) => {
    expect(res.statusCode).toBe(429);
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW_MS / 1000);
    expect(res.json()).toEqual({ error: 'RATE_LIMITED', message: `Too many ${what}; try again in ${retryAfter} s.`, details: { retryAfter } });
  };
  const answers = { answers: { max: 3, windowMs: WINDOW_MS }, addressFactor: 1 };

  it('refuses a learner alternating between two PostgreSQL servers after 3 answers in all, on either server', async () => {
    await clearOfWindowEnd();
    const [a, b] = await servers(await twoOnPostgres(), answers);
    const learner = cookieOf(await a!.inject({ url: '/api/me', remoteAddress: '192.0.2.20' }));
    const codes: number[] = [];
    const refused: LightMyRequestResponse[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await answer(i % 2 === 0 ? a! : b!, learner, '192.0.2.20');
      codes.push(res.statusCode);
      if (res.statusCode !== 200) refused.push(res);
    }
    expect(codes).toEqual([200, 200, 200, 429, 429, 429]);
    for (const res of refused) expectRefused(res, 'quiz answers');
    // Per learner, not only per address: from another address the learner has none left either.
    expectRefused(await answer(b!, learner, '192.0.2.21'), 'quiz answers');
    // Another learner from another address has answers of their own, on both servers.
    const other = cookieOf(await b!.inject({ url: '/api/me', remoteAddress: '192.0.2.22' }));
    expect([(await answer(a!, other, '192.0.2.22')).statusCode, (await answer(b!, other, '192.0.2.22')).statusCode]).toEqual([200, 200]);
  });

  it.each([
    ['on SQLite', twoOnSqlite],
    ['without a store', async () => [undefined, undefined]],
  ] as const)('counts per server in memory %s: the same alternation gets 6 answers through', async (_, make) => {
    const [a, b] = await servers(await make(), answers);
    const learner = cookieOf(await a!.inject({ url: '/api/me', remoteAddress: '192.0.2.20' }));
    const codes: number[] = [];
    for (let i = 0; i < 8; i++) codes.push((await answer(i % 2 === 0 ? a! : b!, learner, '192.0.2.20')).statusCode);
    expect(codes).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
  });

  it('counts every request of one address across two PostgreSQL servers', async () => {
    await clearOfWindowEnd();
    const [a, b] = await servers(await twoOnPostgres(), { requests: { max: 5, windowMs: WINDOW_MS }, addressFactor: 1 });
    const get = (app: FastifyInstance, remoteAddress: string, url = '/api/roadmap') => app.inject({ url, remoteAddress });
    const codes: number[] = [];
    let last: LightMyRequestResponse | undefined;
    for (let i = 0; i < 8; i++) {
      last = await get(i % 2 === 0 ? a! : b!, '198.51.100.7');
      codes.push(last.statusCode);
    }
    expect(codes).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    expectRefused(last!, 'requests');
    // The address is the key, on both servers: IPv6 by its /64, one learner-worth here.
    const v6 = [];
    for (let i = 1; i <= 6; i++) v6.push((await get(i % 2 ? a! : b!, `2001:db8:7:7::${i}`)).statusCode);
    expect(v6).toEqual([200, 200, 200, 200, 200, 429]);
    // Another address has its own count; health is never counted.
    expect([(await get(a!, '198.51.100.8')).statusCode, (await get(b!, '198.51.100.8')).statusCode]).toEqual([200, 200]);
    expect((await get(b!, '198.51.100.7', '/api/health')).statusCode).not.toBe(429);
  });

  it('asks the database nothing more for an address or learner over its limit until the window ends (a flood costs no writes)', async () => {
    await clearOfWindowEnd();
    // The real PostgreSQL store, its hits counted per key on the way through.
    const store = keep(await openStore({ dataDir: '/nonexistent', url: await freshPostgres() }));
    const writes = new Map<string, number>();
    const hit: Store['hit'] = (p) => {
      writes.set(p.key, (writes.get(p.key) ?? 0) + 1);
      return store.hit(p);
    };
    const [a] = await servers([{ ...store, hit } satisfies Store], { requests: { max: 3, windowMs: WINDOW_MS }, answers: { max: 2, windowMs: WINDOW_MS }, addressFactor: 1 });
    const codes: number[] = [];
    for (let i = 0; i < 40; i++) codes.push((await a!.inject({ url: '/api/roadmap', remoteAddress: '198.51.100.9' })).statusCode);
    expect(codes).toEqual([200, 200, 200, ...Array(37).fill(429)]);
    expect(writes.get('requests:a:198.51.100.9')).toBe(4);
    // Still refused with the time left, and still counted for an address under its limit.
    expectRefused(await a!.inject({ url: '/api/roadmap', remoteAddress: '198.51.100.9' }), 'requests');
    expect((await a!.inject({ url: '/api/roadmap', remoteAddress: '198.51.100.10' })).statusCode).toBe(200);
    expect(writes.get('requests:a:198.51.100.10')).toBe(1);
    // A learner's limit the same way (each answer from another address, so only the learner's count
    // trips): answers 3 and on are refused without a write for the learner.
    const learner = cookieOf(await a!.inject({ url: '/api/me', remoteAddress: '198.51.100.11' }));
    const id = learner.split('=')[1]!.split('.')[0]!;
    const answered: number[] = [];
    for (let i = 0; i < 20; i++) answered.push((await answer(a!, learner, `198.51.100.${20 + i}`)).statusCode);
    expect(answered).toEqual([200, 200, ...Array(18).fill(429)]);
    expect(writes.get(`answers:l:${id}`)).toBe(3);
  });

  describe('a counter that fails (the database does not answer)', () => {
    const DOWN = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:54329'), { code: 'ECONNREFUSED', errno: -111, syscall: 'connect', address: '127.0.0.1', port: 54329 });
    /** A PostgreSQL store whose rate counter fails for keys `failing` says, as a pool that lost its server does. */
    const flaky = async (failing: (key: string) => boolean) => {
      const store = keep(await openStore({ dataDir: '/nonexistent', url: await freshPostgres() }));
      const hits: string[] = [];
      const hit: Store['hit'] = async (p) => {
        hits.push(p.key);
        if (failing(p.key)) throw DOWN();
        return store.hit(p);
      };
      return { broken: { ...store, hit } satisfies Store, hits };
    };
    const expectUnavailable = (res: LightMyRequestResponse) => {
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ error: 'STORE_UNAVAILABLE', message: "The platform's database does not answer; try again shortly." });
    };

    it('refuses every request with 503 STORE_UNAVAILABLE, JSON, neither a 500 nor a pass, and serves again when it is back', async () => {
      let down = true;
      const { broken, hits } = await flaky(() => down);
      const [a] = await servers([broken], {});
      for (const req of [{ url: '/api/roadmap' }, { url: '/api/me' }, { method: 'POST', url: '/api/exercises/quiz-ex/tasks/q1/answer', payload: { answer: 'x' } }] as const) {
        const res = await a!.inject({ ...req, remoteAddress: '203.0.113.5' });
        expectUnavailable(res);
        expect(res.headers['set-cookie']).toBeUndefined();
      }
      expect(hits.every((k) => k === 'requests:a:203.0.113.5')).toBe(true);
      // Health is not counted, so it still answers; the server did not fall over.
      expect((await a!.inject({ url: '/api/health', remoteAddress: '203.0.113.5' })).statusCode).not.toBe(503);
      down = false;
      const back = await a!.inject({ url: '/api/me', remoteAddress: '203.0.113.5' });
      expect(back.statusCode).toBe(200);
      expect(back.headers['set-cookie']).toBeDefined();
    });

    it('refuses with 503 STORE_UNAVAILABLE when the PostgreSQL store itself is gone (its pool ended)', async () => {
      const store = keep(await openStore({ dataDir: '/nonexistent', url: await freshPostgres() }));
      const [a] = await servers([store], {});
      expect((await a!.inject({ url: '/api/roadmap', remoteAddress: '203.0.113.7' })).statusCode).toBe(200);
      await store.close();
      for (let i = 0; i < 3; i++) expectUnavailable(await a!.inject({ method: 'POST', url: '/api/exercises/quiz-ex/tasks/q1/answer', remoteAddress: '203.0.113.7', payload: { answer: 'x' } }));
    });

    it('refuses a limited action whose own counter fails, while other requests go on', async () => {
      const { broken, hits } = await flaky((key) => key.startsWith('answers:'));
      const [a] = await servers([broken], answers);
      const learner = cookieOf(await a!.inject({ url: '/api/me', remoteAddress: '203.0.113.6' }));
      expectUnavailable(await answer(a!, learner, '203.0.113.6'));
      expect(hits).toContain(`answers:l:${learner.split('=')[1]!.split('.')[0]}`);
      expect((await a!.inject({ url: '/api/roadmap', remoteAddress: '203.0.113.6', headers: { cookie: learner } })).statusCode).toBe(200);
    });
  });
});
