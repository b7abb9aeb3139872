// Who may ask, from where, and how often: bearer tokens that are not in the table (prototype names
// included), malformed cookies, foreign Host and Origin headers, and floods. Each case here was an
// attack that worked against the server before (issue 11, defects 2, 3, 4 and 8).
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { parseTokens } from '../../server/config.js';
import { TokenTable } from '../../server/http/plugins/identity.js';
import { addressKey } from '../../server/http/plugins/limits.js';
import { defaultPublicUrls, originPolicy } from '../../server/http/plugins/origin.js';
import { openStore, type Store } from '../../server/store/index.js';
import { buildTestApp, cookieOf } from '../helpers/app.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const GRADER = 'grader-token-0123456789abcdef';
const PROTOTYPE_NAMES = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__defineGetter__', 'propertyIsEnumerable', 'toLocaleString', '__lookupGetter__'];

describe('request guards', () => {
  const apps: FastifyInstance[] = [];
  const stores: Store[] = [];
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((a) => a.close()));
    await Promise.all(stores.splice(0).map((s) => s.close()));
  });
  const app = async (opts: Parameters<typeof buildTestApp>[0] = {}) => {
    const store = await openStore({ dataDir: mkdtempSync(path.join(tmpdir(), 'opslab-guards-')) });
    stores.push(store);
    const a = await buildTestApp({ store, ...opts });
    apps.push(a);
    return a;
  };

  describe('bearer tokens', () => {
    it.each(PROTOTYPE_NAMES)('refuses the token %j with 401 (a plain object would have answered it)', async (name) => {
      const a = await app({ tokens: parseTokens(`${GRADER}:grader:gina`) });
      for (const header of [`Bearer ${name}`, `bearer ${name}`, `Bearer  ${name} `]) {
        const res = await a.inject({ url: '/api/me', headers: { authorization: header } });
        expect(res.statusCode, header).toBe(401);
        expect(res.json().error).toBe('UNAUTHENTICATED');
      }
    });

    it('knows its tokens, and only exact ones', async () => {
      const a = await app({ tokens: parseTokens(`${GRADER}:grader:gina`) });
      const ok = await a.inject({ url: '/api/me', headers: { authorization: `Bearer ${GRADER}` } });
      expect(ok.json()).toMatchObject({ id: 'gina', role: 'grader' });
      for (const near of [GRADER.slice(0, -1), `${GRADER}x`, GRADER.toUpperCase(), '']) {
        expect((await a.inject({ url: '/api/me', headers: { authorization: `Bearer ${near}` } })).statusCode, near).toBe(401);
      }
    });

    it('a token table answers nothing for prototype names, and refuses identities without an id', () => {
      const t = new TokenTable([[GRADER, { id: 'gina', role: 'grader' }]]);
      for (const name of PROTOTYPE_NAMES) expect(t.find(name)).toBeUndefined();
      expect(() => t.add('another-token-0123456789', { id: '', role: 'grader' })).toThrow(/id/);
      expect(() => parseTokens(`${GRADER}:grader:l_0123456789abcdef`)).toThrow(/NAME/);
      expect(() => parseTokens(`${GRADER}:learner:x`)).toThrow(/ROLE/);
    });
  });

  describe('cookies', () => {
    it.each([
      ['a lone %', 'opslab_id=%'],
      ['a cut UTF-8 escape', 'opslab_id=%E0%A4%A'],
      ['a NUL', 'opslab_id=%00'],
      ['a second, bad copy', 'opslab_id=a.b; opslab_id=%'],
      ['15 000 characters', `opslab_id=${'%41'.repeat(5000)}`],
      ['no value', 'opslab_id'],
      ['only separators', '=;;='],
      ['a forged signature', 'opslab_id=l_0123456789abcdef.forged'],
    ])('treats a cookie with %s as no cookie', async (_what, cookie) => {{
        const a = await app();
        const res = await a.inject({ url: '/api/me', headers: { cookie } });
        expect(res.statusCode).toBe(200);
        expect(res.json().role).toBe('learner');
        expect(cookieOf(res)).toMatch(/^opslab_id=l_[0-9a-f]{16}\./); // a fresh identity
    }});

    it('replaces a cookie whose signature is right in length but wrong', async () => {
      const a = await app();
      const real = cookieOf(await a.inject('/api/me'));
      const [, value] = real.split('=');
      const [id, sig] = value!.split('.');
      const flipped = `${id}.${sig!.slice(0, -1)}${sig!.endsWith('A') ? 'B' : 'A'}`; // same length, one character off
      const res = await a.inject({ url: '/api/me', headers: { cookie: `opslab_id=${flipped}` } });
      expect(res.json().id).not.toBe(id);
      const kept = await a.inject({ url: '/api/me', headers: { cookie: real } });
      expect(kept.json().id).toBe(id);
    });

    it('over https is __Host-opslab_id, so an identity tossed in by a sibling subdomain or another port is not taken', async () => {
      // A page on evil.example.org can set a cookie for all of example.org (Domain=example.org),
      // and one on http://labs.example.org:8080 for the very host (cookies ignore ports), naming
      // the attacker's own identity; with a longer Path it is sent first. The victim then worked as
      // the attacker: their lab was the attacker's, whose terminal the attacker opens. Browsers
      // let only a secure page of this very host set a __Host- cookie (no Domain, Path=/).
      const a = await app({ publicUrls: ['https://labs.example.org'] });
      const host = 'labs.example.org';
      const victim = await a.inject({ url: '/api/me', headers: { host } });
      expect(String(victim.headers['set-cookie'])).toMatch(/^__Host-opslab_id=l_[0-9a-f]{16}\.[A-Za-z0-9_-]+; Path=\/; .*Secure/);
      expect(String(victim.headers['set-cookie'])).not.toMatch(/Domain=/i);
      const mine = cookieOf(victim);
      const attacker = cookieOf(await a.inject({ url: '/api/me', headers: { host } })).replace(/^__Host-/, '');
      for (const cookie of [`${attacker}; ${mine}`, `${mine}; ${attacker}`]) {
        const res = await a.inject({ url: '/api/me', headers: { host, cookie } });
        expect(res.json().id, cookie).toBe(victim.json().id);
      }
      // A learner whose cookie was set before the switch (opslab_id, by the same server over http)
      // keeps their identity, now as __Host-.
      const before = await (await app()).inject({ url: '/api/me' });
      const legacy = cookieOf(before);
      expect(legacy).toMatch(/^opslab_id=/);
      const moved = await a.inject({ url: '/api/me', headers: { host, cookie: legacy } });
      expect(moved.json().id).toBe(before.json().id);
      expect(cookieOf(moved)).toMatch(/^__Host-opslab_id=/);
      expect((await a.inject({ url: '/api/me', headers: { host, cookie: cookieOf(moved) } })).json().id).toBe(before.json().id);
      // Two opslab_id cookies and no __Host- one: which is theirs cannot be told, so neither is taken.
      const two = await a.inject({ url: '/api/me', headers: { host, cookie: `${attacker}; ${legacy}` } });
      expect([before.json().id, attacker.split('=')[1]!.split('.')[0]]).not.toContain(two.json().id);
    });

    it('over https takes no opslab_id issued after the switch: an attacker cannot plant their own identity for a learner who has no __Host- cookie yet', async () => {
      // The attacker visits after the switch and gets a __Host- cookie; a page on a sibling
      // subdomain plants its value as opslab_id (Domain=parent) before the learner's first visit
      // since. Moving a lone opslab_id to __Host- took it: the learner worked as the attacker.
      const a = await app({ publicUrls: ['https://labs.example.org'] });
      const host = 'labs.example.org';
      const attackerRes = await a.inject({ url: '/api/me', headers: { host } });
      const planted = cookieOf(attackerRes).replace(/^__Host-/, '');
      const victim = await a.inject({ url: '/api/me', headers: { host, cookie: planted } });
      expect(victim.statusCode).toBe(200);
      expect(victim.json().id).not.toBe(attackerRes.json().id);
      expect(cookieOf(victim)).toMatch(/^__Host-opslab_id=l_[0-9a-f]{16}\./); // a fresh identity of their own
    });

    it('marks the cookie Secure when the public URL is https', async () => {
      const a = await app({ publicUrls: ['https://labs.example.org'] });
      const res = await a.inject({ url: '/api/me', headers: { host: 'labs.example.org' } });
      expect(String(res.headers['set-cookie'])).toMatch(/; Secure/);
      const plain = await (await app()).inject('/api/me');
      expect(String(plain.headers['set-cookie'])).not.toMatch(/Secure/);
    });
  });

  describe('Host and Origin', () => {
    const PUBLIC = 'http://labs.example.org:8080';
    const own = { host: 'labs.example.org:8080' };

    it('refuses requests for another Host name (DNS rebinding) with 421', async () => {
      const a = await app({ publicUrls: [PUBLIC] });
      for (const host of ['evil.example', 'labs.example.org', 'labs.example.org:8081', '127.0.0.1:8080', '']) {
        const res = await a.inject({ url: '/api/roadmap', headers: { host } });
        expect(res.statusCode, host).toBe(421);
        expect(res.json().error).toBe('HOST_NOT_ALLOWED');
      }
      expect((await a.inject({ url: '/api/roadmap', headers: own })).statusCode).toBe(200);
      // Probes reach health by whatever name.
      expect((await a.inject({ url: '/api/health', headers: { host: '10.1.2.3:8080' } })).statusCode).toBe(200);
    });

    it('answers probes and the metrics scraper by whatever name reaches the server (a pod IP, 127.0.0.1 behind nginx)', async () => {
      const token = 'metrics-token-0123456789';
      const a = await app({ publicUrls: ['https://labs.example.org'], metrics: { token } });
      for (const host of ['10.1.2.3:8080', '127.0.0.1:8080']) {
        // The kubelet's liveness, startup and readiness probes (deploy/kubernetes/server.yaml).
        expect((await a.inject({ url: '/api/health/live', headers: { host } })).statusCode, host).toBe(200);
        const ready = await a.inject({ url: '/api/health/ready', headers: { host } });
        expect(ready.json().error, host).toBeUndefined();
        // Prometheus scraping pods or the machine's loopback (deploy/monitoring/prometheus.yml).
        const scrape = await a.inject({ url: '/metrics', headers: { host, authorization: `Bearer ${token}` } });
        expect(scrape.statusCode, host).toBe(200);
        // Without the token, still closed; and every other route keeps its Host check.
        expect((await a.inject({ url: '/metrics', headers: { host } })).statusCode, host).toBe(401);
        expect((await a.inject({ url: '/api/roadmap', headers: { host } })).statusCode, host).toBe(421);
      }
    });

    it('refuses state-changing requests from another origin, same site or not', async () => {
      const a = await app({ publicUrls: [PUBLIC] });
      const answer = (headers: Record<string, string>) =>
        a.inject({ method: 'POST', url: '/api/exercises/quiz-ex/tasks/q1/answer', payload: { answer: 'ipvsadm' }, headers: { ...own, ...headers } });
      for (const origin of ['http://evil.example', 'http://labs.example.org:8081', 'https://labs.example.org:8080', 'http://sub.labs.example.org:8080', 'null']) {
        const res = await answer({ origin });
        expect(res.statusCode, origin).toBe(403);
        expect(res.json().error).toBe('ORIGIN_NOT_ALLOWED');
      }
      expect((await answer({ 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
      expect((await answer({ origin: PUBLIC })).statusCode).toBe(200);
      expect((await answer({})).statusCode).toBe(200); // curl, the CLI: no Origin, no browser cookie
      // Reads from anywhere stay readable (CORS keeps other sites from reading the answer).
      expect((await a.inject({ url: '/api/roadmap', headers: { ...own, origin: 'http://evil.example' } })).statusCode).toBe(200);
    });

    it('refuses a websocket upgrade from another origin before it reaches the route', async () => {
      const a = await app({ publicUrls: [PUBLIC] });
      const upgrade = (origin: string) =>
        a.inject({ url: '/api/labs/lab-0123456789/hosts/client/terminal', headers: { ...own, origin, connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' } });
      const res = await upgrade('http://evil.example');
      expect(res.statusCode).toBe(403);
      expect(res.json().error).toBe('ORIGIN_NOT_ALLOWED');
    });

    it('derives public URLs from a loopback listen address and refuses to guess for 0.0.0.0', () => {
      expect(defaultPublicUrls({ host: '127.0.0.1', port: 8080 })).toContain('http://localhost:8080');
      expect(() => defaultPublicUrls({ host: '0.0.0.0', port: 8080 })).toThrow(/OPSLAB_PUBLIC_URL/);
      expect(() => originPolicy(['ftp://x'])).toThrow(/http/);
      expect(originPolicy(['https://labs.example.org']).hosts.has('labs.example.org:443')).toBe(true);
    });
  });

  describe('rate limits', () => {
    it('counts probes that present a bearer token against the request limit: no unlimited token guessing through them', async () => {
      // Probes and the scraper skip the per-address request limit (a database outage must not fail
      // them); a probe carrying a bearer token got that exemption too, so tokens could be tried
      // without end through /api/health/live (each a 401, never a 429).
      const metrics = 'metrics-token-0123456789';
      const a = await app({ tokens: parseTokens(`${GRADER}:grader:gina`), metrics: { token: metrics }, rateLimits: { requests: { max: 5, windowMs: 60_000 }, addressFactor: 1 } });
      const from = '192.0.2.77';
      const codes = [];
      for (let i = 0; i < 8; i++) codes.push((await a.inject({ url: i % 2 ? '/api/health/live' : '/metrics', remoteAddress: from, headers: { authorization: `Bearer guess-${i}-0123456789abcdef` } })).statusCode);
      expect(codes).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
      // The orchestrator's probes (no token) and the scraper's (the metrics token) still answer from that address.
      for (let i = 0; i < 10; i++) {
        expect((await a.inject({ url: '/api/health/live', remoteAddress: from })).statusCode).toBe(200);
        expect((await a.inject({ url: '/api/health/ready', remoteAddress: from })).statusCode).toBe(200);
        expect((await a.inject({ url: '/metrics', remoteAddress: from, headers: { authorization: `Bearer ${metrics}` } })).statusCode).toBe(200);
      }
    });

    it('limits fresh identities per client address, with 429, Retry-After and JSON', async () => {
      const a = await app({ rateLimits: { identities: { max: 5, windowMs: 60_000 }, addressFactor: 1 } });
      const from = (remoteAddress: string, cookie?: string) => a.inject({ url: '/api/me', remoteAddress, headers: cookie ? { cookie } : {} });
      const first = await from('192.0.2.1');
      const kept = cookieOf(first);
      for (let i = 0; i < 4; i++) expect((await from('192.0.2.1')).statusCode).toBe(200);
      // Past the limit a read is still answered, with no identity to keep; anything that would
      // create state (here: a lab, a display name) is refused.
      const read = await from('192.0.2.1');
      expect(read.statusCode).toBe(200);
      expect(read.headers['set-cookie']).toBeUndefined();
      for (const req of [{ method: 'POST', url: '/api/labs', payload: { exercise: 'quiz-ex' } }, { method: 'PUT', url: '/api/me', payload: { displayName: 'm' } }] as const) {
        const refused = await a.inject({ ...req, remoteAddress: '192.0.2.1' });
        expect(refused.statusCode).toBe(429);
        expect(refused.json().error).toBe('RATE_LIMITED');
        expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
        expect(refused.headers['set-cookie']).toBeUndefined();
      }
      // A learner who already has an identity is not affected; another address gets its own count.
      expect((await from('192.0.2.1', kept)).statusCode).toBe(200);
      expect((await from('192.0.2.2')).statusCode).toBe(200);
    });

    it('counts IPv6 clients by their /64, so rotating addresses in it does not help', async () => {
      expect(addressKey('2001:db8:1:2:aaaa::1')).toBe(addressKey('2001:db8:1:2:bbbb:cccc:dddd:eeee'));
      expect(addressKey('2001:db8:1:3::1')).not.toBe(addressKey('2001:db8:1:2::1'));
      expect(addressKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
      const a = await app({ rateLimits: { identities: { max: 3, windowMs: 60_000 }, addressFactor: 1 } });
      const codes = [];
      for (let i = 1; i <= 5; i++) codes.push((await a.inject({ method: 'PUT', url: '/api/me', payload: { displayName: 'x' }, remoteAddress: `2001:db8:1:2::${i}` })).statusCode);
      expect(codes).toEqual([200, 200, 200, 429, 429]);
    });

    it('limits quiz answers per learner and per address', async () => {
      const a = await app({ rateLimits: { answers: { max: 3, windowMs: 60_000 }, addressFactor: 1 } });
      const alice = cookieOf(await a.inject({ url: '/api/me', remoteAddress: '192.0.2.10' }));
      const bob = cookieOf(await a.inject({ url: '/api/me', remoteAddress: '192.0.2.10' }));
      const answer = (cookie: string) => a.inject({ method: 'POST', url: '/api/exercises/quiz-ex/tasks/q1/answer', remoteAddress: '192.0.2.10', headers: { cookie }, payload: { answer: 'x' } });
      const aliceCodes = [];
      for (let i = 0; i < 4; i++) aliceCodes.push((await answer(alice)).statusCode);
      expect(aliceCodes).toEqual([200, 200, 200, 429]);
      // Bob has three of his own, but his address (one learner's worth here) has none left.
      expect((await answer(bob)).statusCode).toBe(429);
      // From another address he has his own.
      const elsewhere = await a.inject({ method: 'POST', url: '/api/exercises/quiz-ex/tasks/q1/answer', remoteAddress: '192.0.2.11', headers: { cookie: bob }, payload: { answer: 'x' } });
      expect(elsewhere.statusCode).toBe(200);
    });
  });
});
