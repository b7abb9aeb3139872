// What the request log keeps of a URL. The engine console's one-time ticket rides in the query
// string (a browser cannot put a header on a websocket), and fastify's request line logged the
// whole URL: a ticket refused before it was redeemed (by another server of a cluster, which does
// not know it, a rate limit, a Host check) sat in the log, still good for 30 s on the server
// that issued it. Query values named like secrets are now logged as [redacted]; the path and the
// other parameters stay, so the line still says what was asked.
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/log.js';
import { buildTestApp } from '../helpers/app.js';

describe('the request log', () => {
  const apps: FastifyInstance[] = [];
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((a) => a.close()));
  });
  const logged = async (urls: string[]) => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (b: Buffer) => (text += b.toString()));
    const app = await buildTestApp({ logger: createLogger({ level: 'info', destination: out }) });
    apps.push(app);
    for (const url of urls) await app.inject({ url, headers: { host: 'localhost' } });
    return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { req?: { url?: string } });
  };

  it('keeps no ticket, token, secret or signature from a query string, and keeps the rest of the URL', async () => {
    const secrets = ['TICKETaaaaaaaaaaaaaaaa', 'TOKENbbbbbbbbbbbbbbbbb', 'SECRETccccccccccccccc', 'SIGddddddddddddddddddd'];
    const lines = await logged([
      `/api/admin/engine/console?ticket=${secrets[0]}&cols=80`,
      `/api/roadmap?token=${secrets[1]}`,
      `/api/roadmap?a=1&Secret=${secrets[2]}&x-opslab-relay=${secrets[3]}`,
      `/api/admin/engine/console?cols=81&ticket=${encodeURIComponent(`${secrets[0]}%`)}`,
    ]);
    const text = JSON.stringify(lines);
    for (const s of secrets) expect(text).not.toContain(s);
    const urls = lines.flatMap((l) => (l.req?.url ? [l.req.url] : []));
    expect(urls).toEqual([
      '/api/admin/engine/console?ticket=[redacted]&cols=80',
      '/api/roadmap?token=[redacted]',
      '/api/roadmap?a=1&Secret=[redacted]&x-opslab-relay=[redacted]',
      '/api/admin/engine/console?cols=81&ticket=[redacted]',
    ]);
  });
});
