// Crashes and restarts of a real `opslab serve` process: progress survives, labs are adopted and
// usable or cleanly gone, nothing is orphaned on the engine.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../server/engine/types.js';
import { listManaged, removeLabResources } from '../../server/lab/docker-runtime.js';
import { localEngine, LABS_COURSE } from '../helpers/engine.js';
import { startServer, type RunningServer } from '../helpers/server.js';

describe('a server killed and started again', () => {
  const instance = `crash-${randomBytes(3).toString('hex')}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'opslab-crash-'));
  let engine: Engine;
  let server: RunningServer;
  let cookie = '';
  const start = async () => (server = await startServer({ curriculum: LABS_COURSE, dataDir, instance }));
  const api = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`${server.url}${url}`, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const set = res.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0]!;
    return { status: res.status, body: res.status === 204 ? null : await res.json() };
  };
  const waitReady = async (id: string) => {
    for (let i = 0; i < 200; i++) {
      const { body } = await api('GET', `/api/labs/${id}`);
      if (body.state !== 'starting') return body;
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error('lab never ready');
  };
  /** Every lab of this server's instance on the engine is one the server knows and reports ready. */
  const expectNoOrphans = async () => {
    const { containers, networks } = await listManaged({ docker: engine.docker, instance });
    // The engine agent of the lab view carries the instance but no lab: it is not one.
    const onEngine = new Set([...containers, ...networks].map((r) => r.Labels?.['opslab.lab']).filter((id): id is string => Boolean(id)));
    const known = new Set(((await api('GET', '/api/labs')).body as { id: string; state: string }[]).filter((l) => l.state === 'ready').map((l) => l.id));
    expect([...onEngine].filter((id) => !known.has(id))).toEqual([]);
  };

  beforeAll(async () => {
    engine = await localEngine();
    await start();
  });
  afterAll(async () => {
    await server?.stop();
    for (const c of (await listManaged({ docker: engine.docker, instance })).containers) {
      await removeLabResources({ docker: engine.docker, instance, lab: c.Labels['opslab.lab']! });
    }
  });

  it('keeps progress and adopts a ready lab across a clean restart', async () => {
    await api('GET', '/api/roadmap');
    const lab = (await api('POST', '/api/labs', { exercise: 'web-serve' })).body;
    await waitReady(lab.id);
    const checks = await api('POST', `/api/labs/${lab.id}/checks`, { task: 'env' });
    expect(checks.body.status).toBe('pass');
    await api('PUT', '/api/me', { displayName: 'Ada' });

    await server.stop();
    await start();
    const progress = await api('GET', '/api/progress');
    expect(progress.body).toMatchObject([{ exercise: 'web-serve', task: 'env', status: 'pass', attempts: 1 }]);
    expect((await api('GET', '/api/me')).body.displayName).toBe('Ada');
    const again = await api('GET', `/api/labs/${lab.id}`);
    expect(again.body).toMatchObject({ id: lab.id, state: 'ready' });
    expect((await api('POST', `/api/labs/${lab.id}/checks`, { task: 'serve' })).body.status).toBe('fail');
    await api('DELETE', `/api/labs/${lab.id}`);
  });

  it('kill -9 while a lab starts: after the restart it is adopted whole or gone, never half', async () => {
    const started = await api('POST', '/api/labs', { exercise: 'web-serve' });
    expect(started.status).toBe(202);
    await new Promise((r) => setTimeout(r, 120));
    await server.kill('SIGKILL');
    await start();
    await expectNoOrphans();
    const mine = (await api('GET', '/api/labs')).body as { id: string }[];
    for (const l of mine) await api('DELETE', `/api/labs/${l.id}`);
  });

  it('kill -9 while checks run and while a terminal streams: the lab is adopted and usable', async () => {
    const lab = (await api('POST', '/api/labs', { exercise: 'web-serve' })).body;
    await waitReady(lab.id);
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/labs/${lab.id}/hosts/web/terminal`, { headers: { cookie } });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    ws.on('error', () => {});
    ws.send(Buffer.concat([Buffer.from([0]), Buffer.from('yes opslab-flood\r')]));
    await new Promise((r) => setTimeout(r, 300));
    const pending = api('POST', `/api/labs/${lab.id}/checks`).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 30));
    await server.kill('SIGKILL');
    await pending;
    ws.terminate();

    await start();
    await expectNoOrphans();
    expect((await api('GET', `/api/labs/${lab.id}`)).body.state).toBe('ready');
    const checks = await api('POST', `/api/labs/${lab.id}/checks`, { task: 'serve' });
    expect(checks.body.tests[0].status).toBe('fail'); // a check, not an error: the lab works
    await api('DELETE', `/api/labs/${lab.id}`);
  });
});
