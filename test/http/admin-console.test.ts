// The admin console route (server/http/routes/admin/): the vm engine's serial console on a
// websocket, for admins only, opened from a browser with a one-time ticket. The console is a FAKE
// at the engine boundary (test/helpers/fake-console.ts); the real one has tests of its own (vm-console*.test.ts under test/engine).
// A listening app and a real websocket client: upgrades take the server's real path (the terminal
// route's upgrade listener routes them here).
import { createServer } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { TokenTable } from '../../server/auth/tokens.js';
import { ConsoleTickets } from '../../server/http/routes/admin/tickets.js';
import { C2S, CLOSE, decodeServerFrame, inputFrame, pingFrame, resizeFrame, type ServerFrame } from '../../shared/terminal-protocol.js';
import { buildTestApp } from '../helpers/app.js';
import { type FakeConsole, fakeEngineConsole } from '../helpers/fake-console.js';

const ADMIN = 'admin-token-0123456789abcdef';
const GRADER = 'grader-token-0123456789abcdef';
const PATH = '/api/admin/engine/console';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** A listening app whose engine console is `fake` (none: no vm engine running). */
async function serve(fake?: FakeConsole) {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  app = await buildTestApp({
    publicUrls: [origin],
    tokens: new TokenTable([
      [ADMIN, { id: 'ops', role: 'admin' }],
      [GRADER, { id: 'ta', role: 'grader' }],
    ]),
    engineConsole: fake ? () => fake.console : undefined,
  });
  await app.listen({ port, host: '127.0.0.1' });
  /** POST …/ticket, as a client with this token (none: a learner). */
  const askTicket = (token?: string) =>
    app!.inject({ method: 'POST', url: `${PATH}/ticket`, headers: { host: `127.0.0.1:${port}`, ...(token ? { authorization: `Bearer ${token}` } : {}) } });
  const ticket = async () => {
    const res = await askTicket(ADMIN);
    expect(res.statusCode).toBe(200);
    return res.json<{ ticket: string; expiresInMs: number; path: string }>();
  };
  return { port, origin, ticket, askTicket };
}

type Opened = { ws: WebSocket; frames: ServerFrame[]; closed: Promise<number> };
type Refused = { status: number; body: { error: string; message: string } };

/** Opens the console websocket: the open socket with what it receives, or the HTTP refusal. */
function open(props: { port: number; query?: string; headers?: Record<string, string>; origin?: string }): Promise<Opened | Refused> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${props.port}${PATH}${props.query ?? ''}`, { origin: props.origin, headers: props.headers });
    const frames: ServerFrame[] = [];
    ws.on('message', (data: Buffer) => frames.push(decodeServerFrame(data)));
    const closed = new Promise<number>((done) => ws.once('close', (code) => done(code)));
    ws.once('open', () => resolve({ ws, frames, closed }));
    ws.once('unexpected-response', (_req, res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    ws.once('error', (e) => !('status' in e) && reject(e));
  });
}

const isOpen = (r: Opened | Refused): r is Opened => 'ws' in r;
const outputText = (frames: ServerFrame[]) => frames.map((f) => (f.type === 'output' ? Buffer.from(f.data).toString('utf8') : '')).join('');

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`waited 5 s for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('POST /api/admin/engine/console/ticket', () => {
  it('gives a ticket to an admin token only', async () => {
    const { askTicket } = await serve(fakeEngineConsole());
    const learner = await askTicket();
    const grader = await askTicket(GRADER);
    const admin = await askTicket(ADMIN);
    expect([learner.statusCode, learner.json().error]).toEqual([403, 'FORBIDDEN']);
    expect([grader.statusCode, grader.json().error]).toEqual([403, 'FORBIDDEN']);
    expect(admin.statusCode).toBe(200);
    expect(admin.json()).toEqual({ ticket: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), expiresInMs: 30_000, path: PATH });
  });

  it('answers 503 ENGINE_CONSOLE_UNAVAILABLE while no vm engine runs', async () => {
    const { askTicket } = await serve();
    const res = await askTicket(ADMIN);
    expect([res.statusCode, res.json().error]).toEqual([503, 'ENGINE_CONSOLE_UNAVAILABLE']);
  });
});

describe('GET /api/admin/engine/console (websocket)', () => {
  it('refuses learners, other roles and bad tickets over HTTP, before any upgrade', async () => {
    const fake = fakeEngineConsole();
    const { port, origin } = await serve(fake);
    const learner = await open({ port, origin });
    const grader = await open({ port, headers: { authorization: `Bearer ${GRADER}` } });
    const forged = await open({ port, origin, query: `?ticket=${'A'.repeat(43)}` });
    expect(learner).toEqual({ status: 401, body: expect.objectContaining({ error: 'UNAUTHENTICATED' }) });
    expect(grader).toEqual({ status: 403, body: expect.objectContaining({ error: 'FORBIDDEN' }) });
    expect(forged).toEqual({ status: 401, body: expect.objectContaining({ error: 'CONSOLE_TICKET_INVALID' }) });
    expect(fake.watchers()).toBe(0);
  });

  it("joins an admin's browser to the console with a ticket: output, input, resize and ping", async () => {
    const fake = fakeEngineConsole({ backlog: 'kernel: booted\r\n' });
    const { port, origin, ticket } = await serve(fake);
    const { ticket: t } = await ticket();
    const opened = await open({ port, origin, query: `?ticket=${t}&cols=90&rows=20` });
    if (!isOpen(opened)) throw new Error(`refused: ${JSON.stringify(opened)}`);
    const { ws, frames } = opened;
    await until(() => fake.watchers() === 1, 'the socket to attach');
    expect(fake.sizes).toEqual([[90, 20]]);
    await until(() => outputText(frames).includes('kernel: booted'), 'the console backlog');
    fake.emit('opslab-vm: pong\r\n');
    await until(() => outputText(frames).includes('opslab-vm: pong'), 'console output');
    ws.send(inputFrame('ping\r'));
    ws.send(resizeFrame({ cols: 132, rows: 43 }));
    ws.send(pingFrame('t1'));
    await until(() => fake.typed() === 'ping\r', 'input to reach the console');
    await until(() => fake.sizes.length === 2, 'the resize');
    expect(fake.sizes[1]).toEqual([132, 43]);
    await until(() => frames.some((f) => f.type === 'pong'), 'the pong');
    ws.close();
    await until(() => fake.watchers() === 0, 'the socket to detach');
  });

  it('takes a ticket once', async () => {
    const fake = fakeEngineConsole();
    const { port, origin, ticket } = await serve(fake);
    const { ticket: t } = await ticket();
    const first = await open({ port, origin, query: `?ticket=${t}` });
    const again = await open({ port, origin, query: `?ticket=${t}` });
    expect(isOpen(first)).toBe(true);
    expect(again).toEqual({ status: 401, body: expect.objectContaining({ error: 'CONSOLE_TICKET_INVALID' }) });
    if (isOpen(first)) first.ws.close();
  });

  it('refuses a ticket from a page of another origin (the Origin check), and the ticket stays good', async () => {
    const { port, origin, ticket } = await serve(fakeEngineConsole());
    const { ticket: t } = await ticket();
    const evil = await open({ port, origin: 'http://evil.example', query: `?ticket=${t}` });
    expect(evil).toEqual({ status: 403, body: expect.objectContaining({ error: 'ORIGIN_NOT_ALLOWED' }) });
    const own = await open({ port, origin, query: `?ticket=${t}` });
    expect(isOpen(own)).toBe(true);
    if (isOpen(own)) own.ws.close();
  });

  it('lets a non-browser client in with the admin token itself, and answers 503 while no vm engine runs', async () => {
    const { port } = await serve();
    const none = await open({ port, headers: { authorization: `Bearer ${ADMIN}` } });
    expect(none).toEqual({ status: 503, body: expect.objectContaining({ error: 'ENGINE_CONSOLE_UNAVAILABLE' }) });
    await app!.close();
    const fake = fakeEngineConsole();
    const other = await serve(fake);
    const opened = await open({ port: other.port, headers: { authorization: `Bearer ${ADMIN}` } });
    expect(isOpen(opened)).toBe(true);
    if (isOpen(opened)) opened.ws.close();
  });

  it('sends EXIT and closes with 1000 when QEMU exits; a bad frame closes with 1008', async () => {
    const fake = fakeEngineConsole();
    const { port, origin, ticket } = await serve(fake);
    const a = await open({ port, origin, query: `?ticket=${(await ticket()).ticket}` });
    const b = await open({ port, origin, query: `?ticket=${(await ticket()).ticket}` });
    if (!isOpen(a) || !isOpen(b)) throw new Error('refused');
    await until(() => fake.watchers() === 2, 'both sockets to attach');
    b.ws.send(Uint8Array.of(0x7f)); // no such frame type
    expect(await b.closed).toBe(CLOSE.PROTOCOL);
    fake.exit({ code: null, signal: 'SIGKILL' });
    expect(await a.closed).toBe(CLOSE.EXITED);
    expect(a.frames.at(-1)).toEqual({ type: 'exit', code: -1 });
    expect(C2S.INPUT).toBe(0); // the frames are the lab terminals' own
  });
});

describe('console tickets', () => {
  it('expire after their time, are single use, and know nothing of a ticket never issued', () => {
    let now = 1_000;
    const book = new ConsoleTickets({ ttlMs: 30_000, now: () => now });
    const admin = { id: 'ops', role: 'admin' as const };
    const a = book.issue(admin).ticket;
    const b = book.issue(admin).ticket;
    expect(book.redeem(a)).toEqual(admin);
    expect(book.redeem(a)).toBeUndefined();
    now += 30_000;
    expect(book.redeem(b)).toBeUndefined();
    expect(book.redeem('x'.repeat(43))).toBeUndefined();
  });
});
