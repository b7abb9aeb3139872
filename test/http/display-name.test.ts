// PUT /api/me: the display name a learner sets is shown as they typed it, so it must be text: the
// schema refused `<`, `>` and C0 controls only, so DEL, C1 controls (U+009B is a terminal's CSI),
// bidi overrides (U+202E turns the rest of a line around), zero-width and line-separator characters
// went through, and a blank name was trimmed to "" and stored (an empty name the schema says cannot
// exist). The real app over a real SQLite store.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../server/store/index.js';
import { buildTestApp, cookieOf } from '../helpers/app.js';

describe('display names', () => {
  let app: FastifyInstance;
  let store: Store;
  let dir: string;
  let cookie: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'opslab-names-'));
    store = await openStore({ dataDir: dir });
    app = await buildTestApp({ store });
    cookie = cookieOf(await app.inject('/api/me'));
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const put = (displayName: unknown) => app.inject({ method: 'PUT', url: '/api/me', headers: { cookie }, payload: { displayName } });
  const current = async () => (await app.inject({ url: '/api/me', headers: { cookie } })).json().displayName;

  it.each([
    ['blank', '   '],
    ['only spaces, an ideographic one among them', ' \u3000 '],
    ['DEL', 'a\u007fb'],
    ['a C1 control (CSI)', 'x\u009b31m'],
    ['a bidi override', 'admin\u202egnp.exe'],
    ['bidi isolates', '\u2066x\u2069'],
    ['a zero-width space', '\u200b'],
    ['a line separator', 'a\u2028b'],
    ['a byte order mark', '\ufeffAda'],
    ['a C0 control', 'a\u0007b'],
    ['markup', '<b>x</b>'],
    ['10 000 characters', 'a'.repeat(10_000)],
  ])('refuses %s with 400 and keeps the name it had', async (_what, name) => {
    expect((await put('Ada')).statusCode).toBe(200);
    const res = await put(name);
    expect(res.statusCode, JSON.stringify(name)).toBe(400);
    expect(res.json().error).toBe('BAD_REQUEST');
    expect(await current()).toBe('Ada');
  });

  it.each([
    ['Zoë Ångström', 'Zoë Ångström'],
    ['王小明', '王小明'],
    ["  O'Brien & co  ", "O'Brien & co"],
    ['🦊 fox', '🦊 fox'],
    ['مريم', 'مريم'],
  ])('takes %j as %j', async (name, stored) => {
    const res = await put(name);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().displayName).toBe(stored);
    expect(await current()).toBe(stored);
  });
});
