// dockerd dies under a running server: the server says so (health 503, ENGINE_DOWN errors, never
// a crash or a 500) and recovers when the engine comes back.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pingDocker } from '../../server/engine/docker.js';
import { DOCKERD_PID_FILE, ensureLocalEngine } from '../../server/engine/local.js';
import { localEngine, LABS_COURSE } from '../helpers/engine.js';
import { startServer, type RunningServer } from '../helpers/server.js';

describe('the engine goes away under a running server', () => {
  let server: RunningServer;
  let cookie = '';
  const api = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`${server.url}${url}`, { method, headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    const set = res.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0]!;
    return { status: res.status, body: res.status === 204 ? null : await res.json() };
  };
  beforeAll(async () => {
    await localEngine();
    server = await startServer({ curriculum: LABS_COURSE });
  });
  afterAll(async () => {
    try {
      await ensureLocalEngine({});
    } finally {
      await server?.stop();
    }
  });

  // SIGTERM as a service stop sends it; SIGKILL as the OOM killer or `kill -9` would (the
  // containerd of a killed dockerd may outlive it: ensureLocalEngine stops that one first).
  it.each(['TERM', 'KILL'])('dockerd killed with SIG%s: the engine is reported down, labs are refused with ENGINE_DOWN, and it recovers', async (signal) => {
    const engine = await localEngine();
    const lab = (await api('POST', '/api/labs', { exercise: 'web-serve' })).body;
    for (let i = 0; i < 100 && (await api('GET', `/api/labs/${lab.id}`)).body.state === 'starting'; i++) await new Promise((r) => setTimeout(r, 150));

    const pid = Number(readFileSync(DOCKERD_PID_FILE, 'utf8'));
    execFileSync('kill', [`-${signal}`, String(pid)]);
    for (let i = 0; i < 50 && (await pingDocker(engine.docker)); i++) await new Promise((r) => setTimeout(r, 100));

    const health = await api('GET', '/api/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'degraded', engine: { up: false } });
    // Another learner (this one's web-serve lab exists and would simply be returned).
    const mine = cookie;
    cookie = '';
    const refused = await api('POST', '/api/labs', { exercise: 'web-serve' });
    cookie = mine;
    expect(refused.status).toBe(503);
    expect(refused.body.error).toBe('ENGINE_DOWN');
    const check = await api('POST', `/api/labs/${lab.id}/checks`);
    expect(check.status).toBe(200);
    expect(check.body.tests.every((t: { status: string }) => t.status === 'error')).toBe(true); // the checker could not run: not the learner's failure
    expect((await api('GET', '/api/roadmap')).status).toBe(200); // what needs no engine still works

    await ensureLocalEngine({});
    for (let i = 0; i < 100 && (await api('GET', '/api/health')).status !== 200; i++) await new Promise((r) => setTimeout(r, 200));
    expect((await api('GET', '/api/health')).status).toBe(200);
    const reset = await api('POST', `/api/labs/${lab.id}/reset`);
    expect(reset.status).toBe(202);
    for (let i = 0; i < 100 && (await api('GET', `/api/labs/${lab.id}`)).body.state === 'starting'; i++) await new Promise((r) => setTimeout(r, 200));
    expect((await api('GET', `/api/labs/${lab.id}`)).body.state).toBe('ready');
    expect((await api('DELETE', `/api/labs/${lab.id}`)).status).toBe(204);
  });
});
