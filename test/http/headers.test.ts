// Security headers on every response the server sends: JSON API answers, 404s, validation errors,
// 500s, and the static web app (index.html, its assets, client-side routes). HSTS only over https.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/app.js';

/** `default-src 'self'; img-src 'self' data:` → { 'default-src': ["'self'"], 'img-src': ["'self'", 'data:'] } */
function parseCsp(header: string | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const part of (header ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out[name.toLowerCase()] = values;
  }
  return out;
}

function expectSecurityHeaders(res: LightMyRequestResponse, what: string): void {
  const h = res.headers;
  const csp = parseCsp(h['content-security-policy'] as string | undefined);
  expect(h['content-security-policy'], `${what}: Content-Security-Policy`).toBeTypeOf('string');
  expect(csp['default-src'], what).toEqual(["'self'"]);
  expect(csp['script-src'], what).toEqual(["'self'"]);
  expect(csp['script-src-attr'], what).toEqual(["'none'"]);
  expect(csp['connect-src'], what).toEqual(["'self'"]);
  expect(csp['img-src'], what).toEqual(["'self'", 'data:']);
  expect(csp['object-src'], what).toEqual(["'none'"]);
  expect(csp['base-uri'], what).toEqual(["'self'"]);
  expect(csp['form-action'], what).toEqual(["'self'"]);
  expect(csp['frame-ancestors'], what).toEqual(["'none'"]);
  // xterm.js writes <style> elements and style attributes at run time: styles may be inline, scripts never.
  expect(csp['style-src'], what).toEqual(["'self'", "'unsafe-inline'"]);
  // Plain-http deployments (a classroom LAN) must keep working: no forced upgrade to https.
  expect(csp['upgrade-insecure-requests'], what).toBeUndefined();
  expect(h['x-content-type-options'], what).toBe('nosniff');
  expect(h['x-frame-options'], what).toBe('DENY');
  // same-origin, not no-referrer: with no-referrer a same-origin POST carries `Origin: null`.
  expect(h['referrer-policy'], what).toBe('same-origin');
  expect(h['cross-origin-opener-policy'], what).toBe('same-origin');
  expect(h['cross-origin-resource-policy'], what).toBe('same-origin');
  expect(h['strict-transport-security'], `${what}: no HSTS over plain http`).toBeUndefined();
}

describe('security headers', () => {
  let app: FastifyInstance;
  let webDir: string;

  beforeAll(async () => {
    webDir = mkdtempSync(path.join(tmpdir(), 'opslab-web-'));
    writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>opslab</title><div id="root"></div><script type="module" src="/assets/app.js"></script>');
    mkdirSync(path.join(webDir, 'assets'));
    writeFileSync(path.join(webDir, 'assets/app.js'), 'console.log("app")');
    app = await buildTestApp({ webDir });
    app.get('/api/test/boom', async () => {
      throw new Error('internal detail');
    });
  });

  afterAll(async () => {
    await app?.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  it('are on API responses', async () => {
    for (const url of ['/api/health', '/api/roadmap']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expectSecurityHeaders(res, url);
    }
  });

  it('are on 404s, validation errors and 500s', async () => {
    const notFound = await app.inject({ url: '/api/no-such-route' });
    expect(notFound.statusCode).toBe(404);
    expectSecurityHeaders(notFound, '404');

    const badJson = await app.inject({ method: 'POST', url: '/api/exercises/quiz-ex/tasks/q1/answer', headers: { 'content-type': 'application/json' }, payload: '{"answer":' });
    expect(badJson.statusCode).toBe(400);
    expectSecurityHeaders(badJson, '400 (bad JSON)');

    const boom = await app.inject({ url: '/api/test/boom' });
    expect(boom.statusCode).toBe(500);
    expect(boom.body).not.toContain('internal detail');
    expectSecurityHeaders(boom, '500');
  });

  it('are on refusals: a foreign Host, a foreign Origin, too many requests', async () => {
    const foreignHost = await app.inject({ url: '/api/roadmap', headers: { host: 'evil.example' } });
    expect(foreignHost.statusCode).toBeGreaterThanOrEqual(400);
    expectSecurityHeaders(foreignHost, `foreign Host (${foreignHost.statusCode})`);
    const foreignOrigin = await app.inject({ method: 'POST', url: '/api/exercises/quiz-ex/tasks/q1/answer', headers: { origin: 'http://evil.example' }, payload: { answer: 'x' } });
    expect(foreignOrigin.statusCode).toBe(403);
    expectSecurityHeaders(foreignOrigin, 'foreign Origin (403)');

    const limited = await buildTestApp({ rateLimits: { requests: { max: 1, windowMs: 60_000 }, addressFactor: 1 } });
    try {
      await limited.inject({ url: '/api/roadmap' });
      const res = await limited.inject({ url: '/api/roadmap' });
      expect(res.statusCode).toBe(429);
      expectSecurityHeaders(res, '429');
    } finally {
      await limited.close();
    }
  });

  it('are on the static web app: index.html, its assets and client-side routes', async () => {
    for (const url of ['/', '/assets/app.js', '/exercises/quiz-ex']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expectSecurityHeaders(res, url);
    }
    const index = await app.inject({ url: '/' });
    expect(index.headers['content-type']).toMatch(/^text\/html/);
  });

  it('adds HSTS only when the request came over https', async () => {
    const { installSecurityHeaders } = await import('../../server/http/plugins/headers.js');
    const bare = Fastify();
    try {
      // light-my-request's socket is never TLS: mark it as one, as a TLS socket would be.
      bare.addHook('onRequest', async (req) => {
        if (req.headers['x-test-tls'] === '1') Object.defineProperty(req.raw.socket, 'encrypted', { value: true, configurable: true });
      });
      await installSecurityHeaders(bare);
      bare.get('/', async () => ({ ok: true }));
      const overTls = await bare.inject({ url: '/', headers: { 'x-test-tls': '1' } });
      expect(overTls.headers['strict-transport-security']).toMatch(/^max-age=\d{7,}; includeSubDomains$/);
      const plain = await bare.inject({ url: '/' });
      expect(plain.headers['strict-transport-security']).toBeUndefined();
      expect(plain.headers['x-frame-options']).toBe('DENY');
    } finally {
      await bare.close();
    }
  });
});
