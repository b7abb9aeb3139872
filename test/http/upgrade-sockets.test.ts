// A websocket upgrade that gets an HTTP answer instead (refused for its Origin, or sent to a route
// that is no websocket) must not leave its socket open: the HTTP server no longer tracks an upgrade
// socket, so before this fix each one stayed open forever and `app.close()` waited for it.
import { expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadCurriculum } from '../../server/curriculum/index.js';
import { buildApp } from '../../server/http/app.js';
import { CLOSE, decodeServerFrame, type ServerFrame } from '../../shared/terminal-protocol.js';
import { freePort } from '../helpers/server.js';

it('ends the socket of an upgrade answered over HTTP, so the server closes at once', async () => {
  const { curriculum } = loadCurriculum('test/fixtures/curricula/labs');
  const port = await freePort();
  // No lab manager: the terminal route is there all the same (it refuses every lab; no engine needed).
  const app = await buildApp({ curriculum, secret: 'upgrade-test-secret-0123', publicUrls: [`http://127.0.0.1:${port}`] });
  await app.listen({ port, host: '127.0.0.1' });
  const attempt = (path: string, origin?: string) =>
    new Promise<{ status: string; serverClosed: Promise<void> }>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, origin ? { origin } : {});
      ws.once('unexpected-response', (_req, res) => {
        // Keep our end open: only the server may end it.
        const serverClosed = new Promise<void>((done) => res.socket.once('close', () => done()));
        resolve({ status: String(res.statusCode), serverClosed });
      });
      ws.once('open', () => resolve({ status: 'open', serverClosed: Promise.resolve() }));
    });
  const refused = await attempt('/api/labs/lab-0123456789/hosts/web/terminal', 'http://evil.example');
  const notWs = await attempt('/api/roadmap');
  expect(refused.status).toBe('403');
  expect(notWs.status).toBe('200');
  const within = (p: Promise<void>, ms: number) => Promise.race([p.then(() => 'closed'), new Promise((r) => setTimeout(() => r('still open'), ms))]);
  expect(await within(refused.serverClosed, 2000)).toBe('closed');
  expect(await within(notWs.serverClosed, 2000)).toBe('closed');
  const t0 = Date.now();
  expect(await within(app.close().then(() => undefined), 5000)).toBe('closed');
  expect(Date.now() - t0).toBeLessThan(5000);
});

it('has the terminal route without a lab manager: a same-origin upgrade gets ERROR LABS_UNAVAILABLE and 4503', async () => {
  const { curriculum } = loadCurriculum('test/fixtures/curricula/labs');
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const app = await buildApp({ curriculum, secret: 'upgrade-test-secret-0123', publicUrls: [origin] });
  await app.listen({ port, host: '127.0.0.1' });
  try {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/labs/lab-0123456789/hosts/web/terminal`, { origin });
    const frames: ServerFrame[] = [];
    ws.on('message', (data: Buffer) => frames.push(decodeServerFrame(data)));
    const code = await new Promise<number>((resolve) => ws.once('close', resolve));
    expect(code).toBe(CLOSE.ENGINE_DOWN);
    expect(frames).toEqual([{ type: 'error', error: 'LABS_UNAVAILABLE', message: expect.stringContaining('without a lab engine') }]);
  } finally {
    await app.close();
  }
});
