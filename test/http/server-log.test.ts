// The server's log is one JSON stream: `opslab serve`'s own lines and fastify's request lines are
// pino JSON objects, and lines about a lab carry who and what as fields (lab, learner, exercise,
// engine), so an operator can pick one learner's story out of a busy server with jq. Before, serve
// wrote plain timestamped text into the same stdout as fastify's JSON.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABS_COURSE } from '../helpers/engine.js';
import { startServer, type RunningServer } from '../helpers/server.js';

describe('opslab serve logs', () => {
  let server: RunningServer;
  let cookie = '';
  const api = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`${server.url}${url}`, { method, headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
    const set = res.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0]!;
    return res.status === 204 ? null : res.json();
  };

  beforeAll(async () => {
    server = await startServer({ curriculum: LABS_COURSE, env: { OPSLAB_LOG_LEVEL: 'info' } });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('as JSON lines only, lab lines with lab, learner, exercise and engine fields', async () => {
    const lab = (await api('POST', '/api/labs', { exercise: 'web-serve' })) as { id: string };
    for (let i = 0; i < 200 && ((await api('GET', `/api/labs/${lab.id}`)) as { state: string }).state === 'starting'; i++) await new Promise((r) => setTimeout(r, 150));
    await api('DELETE', `/api/labs/${lab.id}`);
    const lines = server.output().split('\n').filter(Boolean);
    const notJson = lines.filter((l) => {
      try {
        return typeof JSON.parse(l) !== 'object';
      } catch {
        return true;
      }
    });
    expect(notJson).toEqual([]);
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries.some((e) => typeof e.msg === 'string' && e.msg.startsWith('opslab serving'))).toBe(true);
    const aboutLab = entries.filter((e) => e.lab === lab.id);
    expect(aboutLab.map((e) => e.msg)).toEqual(expect.arrayContaining([expect.stringMatching(/^ready in /), 'lab destroyed']));
    for (const e of aboutLab) expect(e).toMatchObject({ learner: expect.stringMatching(/^l_/), exercise: 'web-serve', engine: 'local' });
  });
});
