// POST /api/labs/:id/checks fired many times at once on one lab. Each run execs its checks in the
// lab, one after another, each for up to its timeout (90 s in some exercises, about twenty checks in
// a "Check all"); a learner whose lab makes every check hang could stack up as many concurrent
// runs as the rate limit lets through (30 a minute, each for many minutes). The same run asked for
// again while it is under way (a double click, a script) joins it: one run per lab and task at a
// time. The lab manager runs on the FAKE runtime (test/helpers/fake-runtime.ts) so its scripts can
// be held; the app, the routes, the rate limits and the SQLite store are real.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabManager } from '../../server/lab/manager.js';
import { HISTORY_CHARS, KEPT_MESSAGE_CHARS, KEPT_OUTPUT_CHARS } from '../../server/store/index.js';
import { openStore, type Store } from '../../server/store/index.js';
import { buildTestApp, cookieOf } from '../helpers/app.js';
import { type FakeRuntime, fakeLabManager, until } from '../helpers/fake-runtime.js';

const LABS_COURSE = 'test/fixtures/curricula/labs';
/** The fixture's check scripts (web-serve: check-hello.sh on client, check-env.sh on web). */
const isCheck = (script: string) => script.includes('http_get "http://$WEB_IP/"') || script.includes('expect_eq "$OPSLAB_HOST" web');

interface Fixture {
  app: FastifyInstance;
  labs: LabManager;
  runtime: FakeRuntime;
  store: Store;
  close: () => Promise<void>;
}

/** The real app and SQLite store over a lab manager on the fake runtime, in a folder of its own. */
async function fixture(name: string, rateLimits?: NonNullable<Parameters<typeof buildTestApp>[0]>['rateLimits']): Promise<Fixture> {
  const dir = mkdtempSync(path.join(tmpdir(), `opslab-${name}-`));
  const store = await openStore({ dataDir: dir });
  const { labs, runtime } = fakeLabManager();
  const app = await buildTestApp({ dir: LABS_COURSE, labs, store, rateLimits });
  const close = async () => {
    runtime.onExec = undefined;
    await app.close();
    await labs.close({ destroyAll: true });
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { app, labs, runtime, store, close };
}

/** A learner's cookie and their ready web-serve lab. */
async function learnerWithLab(f: Fixture): Promise<{ cookie: string; lab: string }> {
  const cookie = cookieOf(await f.app.inject('/api/roadmap'));
  const started = await f.app.inject({ method: 'POST', url: '/api/labs', payload: { exercise: 'web-serve' }, headers: { cookie } });
  expect(started.statusCode).toBe(202);
  const lab = started.json().id;
  await f.labs.ready(lab);
  return { cookie, lab };
}

describe('check runs of one lab fired at once', () => {
  let f: Fixture;
  let app: FastifyInstance;
  let runtime: FakeRuntime;
  let cookie: string;
  let lab: string;
  beforeAll(async () => {
    f = await fixture('check-runs');
    ({ app, runtime } = f);
    ({ cookie, lab } = await learnerWithLab(f));
  });
  afterAll(async () => f?.close());

  it('runs the same checks once at a time however often they are asked for; every request gets the results', async () => {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let running = 0;
    let most = 0;
    runtime.onExec = async (call) => {
      if (!isCheck(call.script)) return undefined;
      running++;
      most = Math.max(most, running);
      await released;
      running--;
      return undefined;
    };
    const ask = (payload: object) => app.inject({ method: 'POST', url: `/api/labs/${lab}/checks`, payload, headers: { cookie } });
    const all = Array.from({ length: 8 }, () => ask({}));
    const serve = Array.from({ length: 8 }, () => ask({ task: 'serve' }));
    // Every run that is going to start has started its first check by now.
    await until(() => running >= 2, 'the first checks');
    await new Promise((r) => setTimeout(r, 200));
    // Another learner asking for the same run gets the 404 of a lab that does not exist, not its results.
    const stranger = await app.inject({ method: 'POST', url: `/api/labs/${lab}/checks`, payload: {}, headers: { cookie: cookieOf(await app.inject('/api/roadmap')) } });
    expect(stranger.statusCode).toBe(404);
    expect(stranger.json().error).toBe('LAB_NOT_FOUND');
    const atOnce = running;
    release();
    const answers = await Promise.all([...all, ...serve]);
    for (const res of answers) expect(res.statusCode, res.body).toBe(200);
    expect(atOnce).toBe(2); // one run of every task, one of task 'serve'; not sixteen
    expect(most).toBe(2);
    expect(new Set(answers.slice(0, 8).map((r) => r.body)).size).toBe(1);
    expect(answers[0]!.json().tests.map((t: { task_id: string }) => t.task_id)).toEqual(['serve', 'env']);
    expect(answers[8]!.json().tests.map((t: { task_id: string }) => t.task_id)).toEqual(['serve']);
    // Recorded once per run, not once per request.
    const history = await app.inject({ url: '/api/history', headers: { cookie } });
    expect(history.json()).toHaveLength(2);
  });

  it('runs the checks again for a request that comes after the run ended', async () => {
    runtime.onExec = undefined;
    const before = runtime.execs.filter((c) => isCheck(c.script)).length;
    for (let i = 0; i < 2; i++) expect((await app.inject({ method: 'POST', url: `/api/labs/${lab}/checks`, payload: { task: 'env' }, headers: { cookie } })).statusCode).toBe(200);
    expect(runtime.execs.filter((c) => isCheck(c.script)).length - before).toBe(2);
  });
});

describe('check history of runs whose checks print all they may', () => {
  // A learner is root in their lab: replacing the tools a check calls (curl, ip, ipvsadm) makes
  // every check print up to the output cap (64 KiB) and a FAIL line as long. Each run was stored
  // whole and GET /api/history sent the last 50 back: 50 runs × every check × 64 KiB, parsed and
  // serialised on the main thread on every call (the web app reloads it after each check).
  let f: Fixture;
  let app: FastifyInstance;
  let runtime: FakeRuntime;
  let store: Store;
  let cookie: string;
  let lab: string;
  const BIG = 64 * 1024;
  beforeAll(async () => {
    f = await fixture('history', { checks: { max: 1000, windowMs: 60_000 } });
    ({ app, runtime, store } = f);
    ({ cookie, lab } = await learnerWithLab(f));
    // What a lab whose tools were replaced makes every check print (the real exec caps output at 64 KiB).
    runtime.onExec = (call) => {
      if (!isCheck(call.script)) return undefined;
      const stdout = `${'x'.repeat(BIG / 2)}\nFAIL: ${'y'.repeat(BIG / 2 - 8)}\n`;
      return { exitCode: 1, stdout, output: stdout, timedOut: false, durationMs: 1 };
    };
  });
  afterAll(async () => f?.close());

  it('gives the run its whole output, and keeps a bounded copy in the history', async () => {
    const run = await app.inject({ method: 'POST', url: `/api/labs/${lab}/checks`, payload: {}, headers: { cookie } });
    expect(run.statusCode).toBe(200);
    // The answer to the run itself is whole (one run, once).
    for (const t of run.json().tests) expect(t.output.length).toBeGreaterThan(BIG - 100);
    for (let i = 0; i < 49; i++) expect((await app.inject({ method: 'POST', url: `/api/labs/${lab}/checks`, payload: {}, headers: { cookie } })).statusCode).toBe(200);
    const history = await app.inject({ url: '/api/history', headers: { cookie } });
    expect(history.statusCode).toBe(200);
    const runs = history.json();
    expect(runs).toHaveLength(50);
    for (const r of runs) {
      expect(r.results.tests).toHaveLength(2);
      for (const t of r.results.tests) {
        expect(t.output.length).toBeLessThanOrEqual(KEPT_OUTPUT_CHARS + 40);
        expect(t.output).toMatch(/^\(\d+ characters cut\) …/);
        expect(t.message.length).toBeLessThanOrEqual(KEPT_MESSAGE_CHARS + 40);
        expect(t.message.startsWith('yyyy')).toBe(true);
      }
    }
    // 50 runs of two checks: tens of KiB, not the 6.5 MB it was.
    expect(history.body.length).toBeLessThan(50 * 2 * (KEPT_OUTPUT_CHARS + KEPT_MESSAGE_CHARS + 400));
  });

  it('sends at most HISTORY_CHARS of kept results however many checks each run has, newest runs first', async () => {
    // An exercise with 22 checks (keepalived-ha has about that many), each at the kept bounds: 50
    // such runs were 2.9 MB, 54 ms of the main thread for each GET, and one address may send 50 a second.
    const me = (await app.inject({ url: '/api/me', headers: { cookie } })).json().id;
    const tests = Array.from({ length: 22 }, (_, i) => ({ name: `check ${i}`, task_id: `t${i % 5}`, host: 'h', status: 'fail' as const, message: 'm'.repeat(KEPT_MESSAGE_CHARS), output: 'o'.repeat(KEPT_OUTPUT_CHARS), duration_ms: 1 }));
    for (let i = 0; i < 50; i++) await store.recordChecks({ learner: me, exercise: 'big', results: { version: 3, status: 'fail', message: `run ${i}`, tests } });
    const history = await app.inject({ url: '/api/history?exercise=big', headers: { cookie } });
    expect(history.statusCode).toBe(200);
    expect(history.body.length).toBeLessThan(HISTORY_CHARS + 64 * 1024);
    const runs = history.json();
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.length).toBeLessThan(50);
    expect(runs.map((r: { results: { message: string } }) => r.results.message)).toEqual(Array.from({ length: runs.length }, (_, i) => `run ${49 - i}`));
  });
});

describe('a check run under way when the lab is reset', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await fixture('check-reset');
  });
  afterAll(async () => f?.close());

  it('is not joined by a request to the rebuilt lab: that one runs on the new hosts', async () => {
    const { app, labs, runtime } = f;
    const { cookie, lab } = await learnerWithLab(f);
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const before = new Set(runtime.hosts.keys());
    runtime.onExec = async (call) => {
      if (isCheck(call.script) && before.has(call.host.containerId)) await released; // the old hosts' checks hang
      return undefined;
    };
    const old = app.inject({ method: 'POST', url: `/api/labs/${lab}/checks`, payload: {}, headers: { cookie } });
    await until(() => runtime.execs.some((c) => isCheck(c.script)), 'the first check');
    expect((await app.inject({ method: 'POST', url: `/api/labs/${lab}/reset`, headers: { cookie } })).statusCode).toBe(202);
    await labs.ready(lab);
    const fresh = await app.inject({ method: 'POST', url: `/api/labs/${lab}/checks`, payload: {}, headers: { cookie } });
    expect(fresh.statusCode).toBe(200);
    const hostsOfFresh = runtime.execs.filter((c) => isCheck(c.script) && !before.has(c.host.containerId));
    expect(hostsOfFresh).toHaveLength(2);
    release();
    expect((await old).statusCode).toBe(200);
  });
});
