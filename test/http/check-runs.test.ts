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
import { openStore, type Store } from '../../server/store/index.js';
import { buildTestApp, cookieOf } from '../helpers/app.js';
import { type FakeRuntime, fakeLabManager, until } from '../helpers/fake-runtime.js';

const LABS_COURSE = 'test/fixtures/curricula/labs';
/** The fixture's check scripts (web-serve: check-hello.sh on client, check-env.sh on web). */
const isCheck = (script: string) => script.includes('http_get "http://$WEB_IP/"') || script.includes('expect_eq "$OPSLAB_HOST" web');

describe('check runs of one lab fired at once', () => {
  let app: FastifyInstance;
  let labs: LabManager;
  let runtime: FakeRuntime;
  let store: Store;
  let dir: string;
  let cookie: string;
  let lab: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'opslab-check-runs-'));
    store = await openStore({ dataDir: dir });
    ({ labs, runtime } = fakeLabManager());
    app = await buildTestApp({ dir: LABS_COURSE, labs, store });
    cookie = cookieOf(await app.inject('/api/roadmap'));
    const started = await app.inject({ method: 'POST', url: '/api/labs', payload: { exercise: 'web-serve' }, headers: { cookie } });
    expect(started.statusCode).toBe(202);
    lab = started.json().id;
    await labs.ready(lab);
  });
  afterAll(async () => {
    runtime.onExec = undefined;
    await app?.close();
    await labs?.close({ destroyAll: true });
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

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
