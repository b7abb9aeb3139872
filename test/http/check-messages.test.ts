// POST /api/labs/:id/checks answers in the request's language: a check's `fail_t KEY` message from
// the exercise's catalog in that language (English where it has none), the platform's messages and
// the summary too, the key and arguments the same in every language. The run is recorded in
// English. The lab manager runs on the FAKE runtime; the app, routes and SQLite store are real.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCurriculum } from '../../server/curriculum/index.js';
import type { Messages } from '../../server/curriculum/translations.js';
import { TokenTable } from '../../server/http/plugins/identity.js';
import type { LabManager } from '../../server/lab/manager.js';
import { openStore, type Store } from '../../server/store/index.js';
import { buildTestApp, cookieOf } from '../helpers/app.js';
import { type FakeRuntime, fakeLabManager } from '../helpers/fake-runtime.js';

const LABS_COURSE = 'test/fixtures/curricula/labs';
const GRADER = 'grader-token-0123456789abcdef';
/** The fixture's check scripts (web-serve: check-hello.sh on client, check-env.sh on web). */
const isHello = (script: string) => script.includes('http_get "http://$WEB_IP/"');
const isEnv = (script: string) => script.includes('expect_eq "$OPSLAB_HOST" web');

/** What the loader (H1a) fills from messages.yaml and messages.zh-CN.yaml; set by hand here. */
const messages: Messages = {
  en: { 'no-hello': 'http://{ip}/ does not answer hello: start the web server on {host}.', 'en-only': 'English only: {what}' },
  'zh-CN': { 'no-hello': 'http://{ip}/ 没有返回 hello：请在 {host} 上启动 Web 服务。' },
};

describe("check results in the request's language", () => {
  let dir: string;
  let app: FastifyInstance;
  let labs: LabManager;
  let runtime: FakeRuntime;
  let store: Store;
  let cookie: string;
  let lab: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'opslab-check-messages-'));
    store = await openStore({ dataDir: dir });
    ({ labs, runtime } = fakeLabManager());
    const { curriculum } = loadCurriculum(LABS_COURSE);
    Object.assign(curriculum.exercises.get('web-serve')!, { messages });
    app = await buildTestApp({ dir: LABS_COURSE, curriculum, labs, store, tokens: new TokenTable([[GRADER, { id: 'ta', role: 'grader' }]]) });
    cookie = cookieOf(await app.inject('/api/roadmap'));
    const started = await app.inject({ method: 'POST', url: '/api/labs', payload: { exercise: 'web-serve' }, headers: { cookie } });
    lab = started.json().id;
    await labs.ready(lab);
    runtime.onExec = (call) => {
      if (isHello(call.script)) {
        const stdout = 'FAIL_T: no-hello\tip=10.1.0.2\thost=web\n';
        return { exitCode: 1, stdout, output: stdout, timedOut: false, durationMs: 2 };
      }
      if (isEnv(call.script)) return { exitCode: null, stdout: '', output: '', timedOut: true, durationMs: 2 };
      return undefined;
    };
  });
  afterAll(async () => {
    runtime.onExec = undefined;
    await app?.close();
    await labs?.close({ destroyAll: true });
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const check = (headers: Record<string, string> = {}) => app.inject({ method: 'POST', url: `/api/labs/${lab}/checks`, payload: {}, headers: { cookie, ...headers } });

  it('answers in Chinese for Accept-Language zh-CN, keys and arguments as in English', async () => {
    const res = await check({ 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5' });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.tests[0]).toMatchObject({ message: 'http://10.1.0.2/ 没有返回 hello：请在 web 上启动 Web 服务。', message_key: 'no-hello', message_args: { ip: '10.1.0.2', host: 'web' } });
    expect(body.tests[1]).toMatchObject({ status: 'error', message_key: 'check.timeout', message: expect.stringMatching(/^检查未在 \d+ 秒内完成。$/) });
    expect(body.message).toMatch(/^共 2 项检查，2 项未通过：/);
  });

  it('answers in English without Accept-Language, and for a language we do not have', async () => {
    for (const headers of [{}, { 'accept-language': 'fr-FR' }, { 'accept-language': 'zh-TW' }] as Record<string, string>[]) {
      const body = (await check(headers)).json();
      expect(body.tests[0].message).toBe('http://10.1.0.2/ does not answer hello: start the web server on web.');
      expect(body.message).toMatch(/^2 of 2 check\(s\) did not pass: /);
    }
  });

  it('records the run in English with its keys, so that any reader can have it in theirs', async () => {
    const history = (await app.inject({ url: '/api/history?exercise=web-serve', headers: { cookie } })).json();
    const first = history[history.length - 1].results.tests[0];
    expect(first).toMatchObject({ message: 'http://10.1.0.2/ does not answer hello: start the web server on web.', message_key: 'no-hello', message_args: { ip: '10.1.0.2', host: 'web' } });
  });

  it('reads the history in the language asked for: ?lang=, else Accept-Language', async () => {
    for (const ask of [{ url: '/api/history?exercise=web-serve&lang=zh-CN', headers: { cookie } }, { url: '/api/history?exercise=web-serve', headers: { cookie, 'accept-language': 'zh-CN' } }]) {
      const res = await app.inject(ask);
      expect(res.statusCode, res.body).toBe(200);
      const run = res.json()[0];
      expect(run.results.tests[0]).toMatchObject({ message: 'http://10.1.0.2/ 没有返回 hello：请在 web 上启动 Web 服务。', message_key: 'no-hello' });
      expect(run.results.message).toMatch(/^共 2 项检查/);
    }
  });

  it('reads the history in the language ?lang= asks for, over the cookie, as every route does', async () => {
    const res = await app.inject({ url: '/api/history?exercise=web-serve&lang=zh-CN', headers: { cookie: `${cookie}; opslab_locale=en` } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()[0].results.tests[0]).toMatchObject({ message: 'http://10.1.0.2/ 没有返回 hello：请在 web 上启动 Web 服务。', message_key: 'no-hello' });
    const en = await app.inject({ url: '/api/history?lang=en', headers: { cookie: `${cookie}; opslab_locale=zh-CN` } });
    expect(en.json()[0].results.tests[0].message).toBe('http://10.1.0.2/ does not answer hello: start the web server on web.');
  });

  it("answers a grader's live run in the language asked for, English by default", async () => {
    const live = (headers: Record<string, string>) => app.inject({ method: 'POST', url: '/api/grader/live', headers: { authorization: `Bearer ${GRADER}`, ...headers } });
    const zh = await live({ 'accept-language': 'zh-CN' });
    expect(zh.statusCode, zh.body).toBe(200);
    expect(zh.json().labs[0].results.tests[0]).toMatchObject({ message: 'http://10.1.0.2/ 没有返回 hello：请在 web 上启动 Web 服务。', message_key: 'no-hello' });
    expect(zh.json().labs[0].message).toMatch(/^共 2 项检查/);
    const en = (await live({})).json();
    expect(en.labs[0].results.tests[0].message).toBe('http://10.1.0.2/ does not answer hello: start the web server on web.');
  });
});
