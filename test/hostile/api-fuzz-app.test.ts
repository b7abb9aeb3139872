// The whole app as `opslab serve` wires it (lab, terminal, grader and learner routes, a store, bearer
// tokens, the real engine), fuzzed on every route it has, with hostile headers as well as hostile
// paths and bodies: Cookie, Authorization, Origin, Host, X-Forwarded-For, Content-Type. A request
// is refused with a 4xx JSON {error, message} or answered; never a 500, a hang, or another
// learner's data. (The first API fuzz knew only the curriculum routes and sent no such headers,
// which is how `Bearer constructor`, `Cookie: opslab_id=%` and foreign origins went unnoticed.)
// And every route of a lab as its owner, whose requests get past the ownership check into the
// services: prototype names for every name (task, host, network, preset, interface), numbers out
// of range, the server-sent event streams read over a socket. (Strangers' requests all stop at
// LAB_NOT_FOUND, which is how `network: constructor` answering 500 went unnoticed.)
import type { FastifyInstance, InjectOptions } from 'fastify';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTokens } from '../../server/config.js';
import { loadCurriculum } from '../../server/curriculum/index.js';
import { engineSet } from '../../server/engine/select.js';
import type { LabManager } from '../../server/lab/manager.js';
import { createInspector, createLabManager } from '../../server/platform.js';
import type { LabInspector } from '../../server/view/inspector.js';
import { openStore, type Store } from '../../server/store/index.js';
import { buildTestApp, cookieOf } from '../helpers/app.js';
import { LABS_COURSE, localEngine } from '../helpers/engine.js';
import { freePort } from '../helpers/server.js';

const GRADER = 'grader-token-0123456789abcdef';
const PROTO = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'prototype'];

const HEADER_CASES: Record<string, string>[] = [
  ...['opslab_id=%', 'opslab_id=%E0%A4', 'opslab_id=\u00ff', 'opslab_id=a.b.c', 'opslab_id=.', 'opslab_id=l_0000000000000000.', `opslab_id=${'x'.repeat(8000)}`, ';;;', 'opslab_id=%00%0d%0a', '__proto__=1; constructor=2'].map((cookie) => ({ cookie })),
  ...[...PROTO.map((p) => `Bearer ${p}`), 'Bearer', 'Bearer ', 'Basic YWRtaW46YWRtaW4=', `Bearer ${'a'.repeat(8000)}`, 'Bearer \u00e9\u00e9', `bearer ${GRADER.slice(0, -1)}`].map((authorization) => ({ authorization })),
  ...['http://evil.example', 'null', 'http://localhost.evil.example', 'file://', `http://${'a'.repeat(3000)}`, '%'].map((origin) => ({ origin })),
  ...['evil.example', '', 'localhost:80@evil', 'localhost:99999', '[::1', 'LOCALHOST'].map((host) => ({ host })),
  ...['1.2.3.4', 'not-an-ip', '::1, 127.0.0.1', 'x'.repeat(3000)].map((xff) => ({ 'x-forwarded-for': xff })),
  ...['text/plain', 'application/json; charset=utf-7', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded'].map((ct) => ({ 'content-type': ct })),
  { connection: 'Upgrade', upgrade: 'websocket' },
  { 'sec-fetch-site': 'cross-site' },
];

/**
 * What the owner of a lab may send to its own routes that is hostile: prototype names wherever a
 * name goes (tasks, hosts, networks, presets, interfaces, exercises), numbers out of range, arrays
 * for strings. None of these is a valid request (nothing here stops, cuts or resets the lab).
 */
const OWNER_QUERIES = ['', '?preset=constructor', '?preset=toString', '?preset=all&network=constructor', '?preset=all&network=__proto__', '?preset=all&network=wan', '?preset=all&host=constructor', '?preset=all&host=client&iface=constructor', '?preset=all&host=client&iface=__proto__', '?preset=all&count=99999', '?preset=all&preset=arp', '?__proto__[x]=1', '?constructor=1', `?x=${'y'.repeat(3000)}`, '?cols=0&rows=0', '?cols=constructor'];
const OWNER_BODIES = [
  ...PROTO.flatMap((p) => [{ task: p }, { exercise: p }, { host: p, url: 'http://web/' }, { action: 'cut', host: 'client', network: p }, { action: 'netem', host: 'client', network: p, netem: { delayMs: 1 } }, { action: 'stop', host: p }, { action: p, host: 'client' }]),
  { host: 'client', url: 'http://web/', timeoutSeconds: 0 },
  { host: 'client', url: 'gopher://web/' },
  { host: 'client', url: `http://web/${'a'.repeat(3000)}` },
  { action: 'netem', host: 'client', network: 'lan', netem: { delayMs: 1e308 } },
  { action: 'netem', host: 'client', network: 'lan', netem: { lossPct: -1 } },
  { action: 'cut', host: 'client' },
  { task: 't'.repeat(100) },
].map((b) => JSON.stringify(b));
/** Routes that stream (server-sent events): read over a socket until their first bytes, then left. */
const STREAMS = ['/api/labs/:id/view/events', '/api/labs/:id/capture'];

const PARAMS = ['..%2F..%2Fetc%2Fpasswd', '%2e%2e', '%F0%9F%92%A5', 'a'.repeat(250), '%00', 'constructor', '__proto__', 'lab-0000000000', 'l_0123456789abcdef'];
const BODIES: (string | undefined)[] = [undefined, '', 'null', '42', '"s"', '[]', '{}', '{"exercise":"web-serve","x":1}', '{"exercise":{"$ne":1}}', '{"task":["a"]}', '{"answer":"x"}', '{"displayName":"<script>"}', '{"__proto__":{"role":"admin"}}', '{"constructor":{"prototype":{"role":"admin"}}}', '{'];

/** Every route of a built app, from fastify's own route tree (method, path with :params). */
function routesOf(app: FastifyInstance): { method: string; url: string }[] {
  const out: { method: string; url: string }[] = [];
  const stack: { depth: number; path: string }[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│├└─\s]*)(\S+) \(([A-Z, ]+)\)$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    while (stack.length && stack[stack.length - 1]!.depth >= depth) stack.pop();
    const full = (stack[stack.length - 1]?.path ?? '') + m[2]!;
    stack.push({ depth, path: full });
    for (const method of m[3]!.split(', ')) if (method !== 'HEAD') out.push({ method, url: full });
  }
  return out;
}

describe('API fuzz: the real app, every route, hostile headers', () => {
  let app: FastifyInstance;
  let labs: LabManager;
  let store: Store;
  let victimLab: string;
  let victimCookie: string;
  let routes: { method: string; url: string }[];
  let inspector: LabInspector;
  let base: string;
  beforeAll(async () => {
    const engine = await localEngine();
    const { curriculum } = loadCurriculum(LABS_COURSE);
    labs = createLabManager({ engines: engineSet({ mode: 'local', local: engine }), exercises: () => curriculum.exercises, instance: `fuzz-${process.pid}`, maxLabs: 4 });
    store = await openStore({ dataDir: mkdtempSync(path.join(tmpdir(), 'opslab-fuzz-')) });
    const lots = { max: 1_000_000, windowMs: 60_000 };
    inspector = createInspector({ labs, instance: `fuzz-${process.pid}` });
    base = `http://127.0.0.1:${await freePort()}`;
    // inject's Host is localhost; the streams are read over a socket at `base`.
    app = await buildTestApp({ dir: LABS_COURSE, labs, inspector, store, publicUrls: ['http://localhost', base], tokens: parseTokens(`${GRADER}:grader:gina`), rateLimits: { identities: lots, labs: lots, checks: lots, answers: lots, inspect: lots, previews: lots, requests: lots } });
    await app.listen({ host: '127.0.0.1', port: Number(new URL(base).port) });
    routes = routesOf(app);
    victimCookie = cookieOf(await app.inject('/api/roadmap'));
    const started = await app.inject({ method: 'POST', url: '/api/labs', headers: { cookie: victimCookie }, payload: { exercise: 'web-serve' } });
    expect(started.statusCode).toBe(202);
    victimLab = started.json().id;
    await labs.ready(victimLab);
  });
  afterAll(async () => {
    await app?.close();
    await inspector?.close();
    await labs?.close({ destroyAll: true });
    await store?.close();
  });

  it('knows every route of the app, the lab, terminal and grader routes included', () => {
    const urls = routes.map((r) => `${r.method} ${r.url}`);
    for (const want of ['GET /api/labs', 'POST /api/labs', 'GET /api/labs/:id', 'POST /api/labs/:id/checks', 'POST /api/labs/:id/reset', 'DELETE /api/labs/:id', 'GET /api/labs/:id/hosts/:host/terminal', 'POST /api/grader/live', 'GET /api/grader/learners/:learner/progress', 'GET /api/me', 'PUT /api/me', 'POST /api/exercises/:id/tasks/:task/answer',
      'POST /api/labs/:id/preview', 'POST /api/labs/:id/extend', 'GET /api/labs/:id/view', 'GET /api/labs/:id/view/events', 'POST /api/labs/:id/faults', 'GET /api/labs/:id/capture/presets', 'GET /api/labs/:id/capture', 'GET /api/labs/:id/capture.pcap',
      'GET /api/history', 'GET /api/progress', 'POST /api/admin/engine/console/ticket', 'GET /api/admin/engine/console', 'GET /metrics', 'GET /api/health', 'GET /api/health/live', 'GET /api/health/ready', 'GET /api/docs']) {
      expect(urls).toContain(want);
    }
  });

  const check = (res: { statusCode: number; headers: Record<string, unknown>; body: string }, what: string) => {
    expect(res.statusCode, what).toBeLessThan(500);
    if (res.statusCode >= 400 && res.statusCode !== 404) {
      expect(String(res.headers['content-type']), what).toContain('application/json');
      const body = JSON.parse(res.body);
      expect(typeof body.error, what).toBe('string');
      expect(typeof body.message, what).toBe('string');
    }
    // Error messages may echo the id from the URL; what must never come back is the lab itself.
    expect(res.body, `${what} leaked the victim's lab`).not.toMatch(new RegExp(`"(id|lab)":"${victimLab}"`));
    if (what.includes(`/api/labs/${victimLab}`)) expect(res.statusCode, `${what} touched the victim's lab`).toBeGreaterThanOrEqual(400);
  };

  it('every route, every hostile header set: 4xx JSON or an answer, never a 500 or another learner\'s lab', async () => {
    let n = 0;
    for (const route of routes) {
      const url = route.url.replace(':id', victimLab).replace(':host', 'client').replace(':task', 't1').replace(':learner', 'l_0123456789abcdef');
      for (const headers of HEADER_CASES) {
        // Never destroy or reset the victim's lab here: the point is that a stranger cannot.
        const opts: InjectOptions = { method: route.method as InjectOptions['method'], url, headers: { ...headers }, payload: route.method === 'GET' ? undefined : '{}' };
        if (route.method !== 'GET' && !('content-type' in headers)) (opts.headers as Record<string, string>)['content-type'] = 'application/json';
        check(await app.inject(opts), `${route.method} ${url} ${JSON.stringify(headers).slice(0, 120)}`);
        n++;
      }
    }
    expect(n).toBeGreaterThan(routes.length * 40);
    // The victim's lab is untouched by all of it.
    const mine = await app.inject({ url: `/api/labs/${victimLab}`, headers: { cookie: victimCookie } });
    expect(mine.statusCode).toBe(200);
    expect(mine.json().state).toBe('ready');
  });

  it('every route with hostile params and bodies', async () => {
    let n = 0;
    for (const route of routes) {
      for (const p of PARAMS) {
        const url = route.url.replace(/:[a-z]+/g, p);
        for (const payload of route.method === 'GET' ? [undefined] : BODIES) {
          const res = await app.inject({ method: route.method as InjectOptions['method'], url, payload, headers: payload === undefined ? {} : { 'content-type': 'application/json' } });
          check(res, `${route.method} ${url} ${String(payload).slice(0, 60)}`);
          n++;
        }
      }
    }
    expect(n).toBeGreaterThan(routes.length * PARAMS.length);
    expect((await app.inject('/api/health')).statusCode).toBe(200);
  });

  it("every route of a lab, as its owner, with hostile queries and bodies (streams and the pcap included): 4xx JSON or an answer, never a 500", async () => {
    const own = routes.filter((r) => r.url.includes(':id') && r.url.startsWith('/api/labs/') && !(r.method === 'DELETE' || r.url.endsWith('/reset')));
    expect(own.map((r) => `${r.method} ${r.url}`)).toEqual(expect.arrayContaining(['POST /api/labs/:id/preview', 'POST /api/labs/:id/faults', 'GET /api/labs/:id/capture', 'GET /api/labs/:id/view/events', 'GET /api/labs/:id/capture.pcap', 'POST /api/labs/:id/checks']));
    const headers = { cookie: victimCookie };
    let n = 0;
    for (const route of own) {
      const url = route.url.replace(':id', victimLab).replace(':host', 'client');
      if (route.method === 'GET' && STREAMS.includes(route.url)) {
        for (const q of OWNER_QUERIES) {
          const abort = new AbortController();
          const res = await fetch(`${base}${url}${q}`, { headers, signal: abort.signal });
          const what = `${route.method} ${url}${q.slice(0, 80)}`;
          expect(res.status, what).toBeLessThan(500);
          if (res.status === 200) {
            expect(res.headers.get('content-type'), what).toContain('text/event-stream');
            await res.body!.getReader().read(); // its first bytes: the stream is open
          } else {
            const body = await res.json();
            expect(typeof body.error, what).toBe('string');
          }
          abort.abort();
          n++;
        }
        continue;
      }
      for (const q of route.method === 'GET' ? OWNER_QUERIES : ['']) {
        for (const payload of route.method === 'GET' ? [undefined] : [...BODIES, ...OWNER_BODIES]) {
          const res = await app.inject({ method: route.method as InjectOptions['method'], url: `${url}${q}`, payload, headers: payload === undefined ? headers : { ...headers, 'content-type': 'application/json' } });
          const what = `${route.method} ${url}${q.slice(0, 80)} ${String(payload).slice(0, 80)}`;
          expect(res.statusCode, `${what}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
          // (A plain GET of the terminal's websocket route is @fastify/websocket's empty 404, as above.)
          if (res.statusCode >= 400 && res.statusCode !== 404) expect(res.body, `${what}: ${res.statusCode}`).toMatch(/^\{"error":"[A-Z_]+","message":/);
          n++;
        }
      }
    }
    expect(n).toBeGreaterThan(own.length * 10);
    // The lab is still there and still ready: no hostile request broke it.
    const mine = await app.inject({ url: `/api/labs/${victimLab}`, headers });
    expect(mine.statusCode).toBe(200);
    expect(mine.json().state).toBe('ready');
  });

  it('a body cannot make anyone an admin or a grader', async () => {
    const cookie = cookieOf(await app.inject('/api/roadmap'));
    for (const body of ['{"__proto__":{"role":"admin"}}', '{"constructor":{"prototype":{"role":"grader"}}}']) {
      await app.inject({ method: 'PUT', url: '/api/me', headers: { cookie, 'content-type': 'application/json' }, payload: body });
      const me = await app.inject({ url: '/api/me', headers: { cookie } });
      expect(me.json().role).toBe('learner');
      const live = await app.inject({ method: 'POST', url: '/api/grader/live', headers: { cookie } });
      expect(live.statusCode).toBe(403);
    }
    expect(({} as Record<string, unknown>).role).toBeUndefined();
  });
});
