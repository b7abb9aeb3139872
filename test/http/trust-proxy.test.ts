// The client address behind a reverse proxy (OPSLAB_TRUST_PROXY), which every per-address limit
// counts. Every deployment example sets a hop count (`OPSLAB_TRUST_PROXY=1`: nginx, compose,
// Kubernetes), and fastify 5 takes a bare number as "trust no hop": every learner then had the
// proxy's address, so the per-address limits (fresh identities, every request, lab starts, live
// labs) were one budget for the whole platform, and one learner's script spent it for everyone.
// Now a hop count trusts that many proxies nearest the server: the address is the right-most one
// they did not add, so what a client writes into X-Forwarded-For itself changes nothing.
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { parseTrustProxy } from '../../server/config.js';
import { buildTestApp } from '../helpers/app.js';

describe('OPSLAB_TRUST_PROXY', () => {
  const apps: FastifyInstance[] = [];
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((a) => a.close()));
  });
  const app = async (setting: string) => {
    const a = await buildTestApp({ trustProxy: parseTrustProxy(setting) as boolean | number | string, rateLimits: { requests: { max: 2, windowMs: 3_600_000 }, addressFactor: 1 } });
    apps.push(a);
    return a;
  };
  /** A request as the proxy on 127.0.0.1 forwards it, with the X-Forwarded-For it sends on. */
  const via = (a: FastifyInstance, xff?: string, remoteAddress = '127.0.0.1') =>
    a.inject({ url: '/api/roadmap', remoteAddress, headers: xff === undefined ? {} : { 'x-forwarded-for': xff } });
  const codes = async (n: number, send: () => ReturnType<typeof via>) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await send()).statusCode);
    return out;
  };

  it.each(['1', '127.0.0.1'])('with %s, counts each client behind the proxy by its own address, not the proxy’s', async (setting) => {
    const a = await app(setting);
    expect(await codes(3, () => via(a, '203.0.113.1'))).toEqual([200, 200, 429]);
    // Another learner behind the same proxy still has their whole budget.
    expect(await codes(2, () => via(a, '203.0.113.2'))).toEqual([200, 200]);
  });

  it.each(['1', '127.0.0.1'])('with %s, takes the right-most address the proxy added: a client’s own X-Forwarded-For changes nothing', async (setting) => {
    const a = await app(setting);
    // nginx appends the address it saw ($proxy_add_x_forwarded_for): the client wrote the rest.
    expect(await codes(3, () => via(a, `198.51.100.${Math.floor(Math.random() * 200)}, 203.0.113.7`))).toEqual([200, 200, 429]);
  });

  it('with 2, trusts two proxies (a load balancer, then nginx) and no more', async () => {
    const a = await app('2');
    expect(await codes(3, () => via(a, '198.51.100.1, 203.0.113.8, 10.0.0.5'))).toEqual([200, 200, 429]);
    expect(await codes(2, () => via(a, '198.51.100.1, 203.0.113.9, 10.0.0.5'))).toEqual([200, 200]);
  });

  it('without it, believes no X-Forwarded-For: a client cannot pick a fresh address per request', async () => {
    const a = await app('');
    expect(await codes(3, () => via(a, `203.0.113.${Math.floor(Math.random() * 200)}`, '192.0.2.50'))).toEqual([200, 200, 429]);
  });
});
