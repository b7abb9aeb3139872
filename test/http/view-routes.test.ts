// The lab view's HTTP routes (server/http/routes/view) on the app as `opslab serve` wires them, with
// a real lab on the local engine: the view, its server-sent events (on a listening server: inject
// cannot stream) and what closing them stops, faults' validation, captures (cross-site refusal, the
// per-lab cap, the pcap download), and that none of it reaches another learner's lab.
import { type AddressInfo, createServer } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureEvent, LiveView } from '../../shared/lab-view.js';
import { probeName } from '../../server/lab/docker-side.js';
import type { LabManager } from '../../server/lab/manager.js';
import { createInspector } from '../../server/platform.js';
import type { LabInspector } from '../../server/view/inspector.js';
import { buildTestApp, cookieOf } from '../helpers/app.js';
import { LABS_COURSE, testLabManager } from '../helpers/engine.js';
import { dockerCli, eventually, tcpdumpRead } from '../helpers/view.js';

/** A port nobody listens on now (the app must know its address before it listens). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** A server-sent event stream read with fetch: `next(name)` waits for the next event of that name. */
async function openStream(url: string, headers: Record<string, string>) {
  const abort = new AbortController();
  const res = await fetch(url, { headers, signal: abort.signal });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const queue: { event: string; data: string }[] = [];
  let buffer = '';
  let ended = false;
  const pump = async (): Promise<void> => {
    const { value, done } = await reader.read();
    if (done) {
      ended = true;
      return;
    }
    buffer += decoder.decode(value, { stream: true });
    for (let cut = buffer.indexOf('\n\n'); cut >= 0; cut = buffer.indexOf('\n\n')) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event) queue.push({ event, data: data ?? '' });
    }
  };
  return {
    res,
    /** The next event named `name` (earlier ones of other names are skipped); fails after `ms`. */
    async next<T>(name: string, ms = 15_000): Promise<T> {
      const until = Date.now() + ms;
      for (;;) {
        const i = queue.findIndex((e) => e.event === name);
        if (i >= 0) return JSON.parse(queue.splice(0, i + 1).at(-1)!.data) as T;
        if (ended) throw new Error(`the stream ended before an '${name}' event`);
        const left = until - Date.now();
        if (left <= 0) throw new Error(`no '${name}' event within ${ms} ms`);
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([pump(), new Promise((r) => (timer = setTimeout(r, left)))]);
        clearTimeout(timer);
      }
    },
    /** Resolves when the server ends the stream. */
    async ended(ms = 15_000): Promise<void> {
      const until = Date.now() + ms;
      while (!ended) {
        if (Date.now() > until) throw new Error(`the stream did not end within ${ms} ms`);
        await Promise.race([pump(), new Promise((r) => setTimeout(r, 250))]);
      }
    },
    close: () => abort.abort(),
  };
}

describe('lab view routes on a real lab', () => {
  let app: FastifyInstance;
  let labs: LabManager;
  let inspector: LabInspector;
  let base: string;
  let alice: string;
  let bob: string;
  let id: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    const t = await testLabManager({ curriculumDir: LABS_COURSE });
    labs = t.labs;
    inspector = createInspector({ labs, instance: t.instance });
    // A listening server (server-sent events), answering for its own address as `opslab serve` does.
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    app = await buildTestApp({ dir: LABS_COURSE, labs, inspector, publicUrls: [base, 'http://localhost'] }); // inject's Host is localhost
    await app.listen({ port, host: '127.0.0.1' });
    alice = cookieOf(await app.inject('/api/roadmap'));
    bob = cookieOf(await app.inject('/api/roadmap'));
    const start = await app.inject({ method: 'POST', url: '/api/labs', payload: { exercise: 'web-serve' }, headers: { cookie: alice } });
    expect(start.statusCode).toBe(202);
    id = start.json().id;
    env = (await labs.ready(id)).env;
  });
  afterAll(async () => {
    await app?.close();
    await inspector?.close();
    await labs?.close({ destroyAll: true });
  });

  const as = (cookie: string) => ({ headers: { cookie } });
  const probePythons = async (host: string) => {
    const res = await dockerCli(['exec', probeName(id, host), 'ps', '-eo', 'args']);
    return res.code === 0 ? res.stdout.split('\n').filter((l) => l.startsWith('python3')).length : 0;
  };

  it("GET /view answers the lab's live view", async () => {
    const res = await app.inject({ url: `/api/labs/${id}/view`, ...as(alice) });
    expect(res.statusCode).toBe(200);
    const v = res.json() as LiveView;
    expect(v).toMatchObject({ lab: id, exercise: 'web-serve', faults: [], addresses: [{ name: 'vip', address: env.VIP, heldBy: [], onLo: [] }] });
    expect(Date.parse(v.at)).toBeGreaterThan(Date.now() - 60_000);
    expect(v.networks.map((n) => n.name)).toEqual(['lan', 'back']);
    expect(v.hosts.map((h) => [h.name, h.state])).toEqual([
      ['client', 'running'],
      ['web', 'running'],
    ]);
    const web = v.hosts.find((h) => h.name === 'web')!;
    expect(web.interfaces.filter((i) => i.network).map((i) => [i.name, i.network, i.addresses]).sort()).toEqual([
      ['eth0', 'lan', [`${env.WEB_LAN_IP}/24`]],
      ['eth1', 'back', [`${env.WEB_BACK_IP}/28`]],
    ]);
    for (const i of web.interfaces) expect(i.mac).toMatch(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);
  });

  it("answers another learner 404 for every view route of the lab, and starts nothing for them", async () => {
    const routes = [
      ['GET', `/api/labs/${id}/view`],
      ['GET', `/api/labs/${id}/view/events`],
      ['POST', `/api/labs/${id}/faults`],
      ['GET', `/api/labs/${id}/capture/presets`],
      ['GET', `/api/labs/${id}/capture?network=lan&preset=icmp`],
      ['GET', `/api/labs/${id}/capture.pcap`],
    ] as const;
    for (const [method, url] of routes) {
      const res = await app.inject({ method, url, ...as(bob), ...(method === 'POST' ? { payload: { action: 'stop', host: 'web' } } : {}) });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json().error, `${method} ${url}`).toBe('LAB_NOT_FOUND');
    }
    const v = await app.inject({ url: `/api/labs/${id}/view`, ...as(alice) });
    expect(v.json().hosts.map((h: { state: string }) => h.state)).toEqual(['running', 'running']); // bob's stop did nothing
  });

  it('validates fault requests: 400 for an unknown action or an extra key, 404 for an unknown host', async () => {
    const post = (payload: Record<string, unknown>) => app.inject({ method: 'POST', url: `/api/labs/${id}/faults`, payload, ...as(alice) });
    for (const payload of [{ action: 'explode', host: 'web' }, { action: 'stop', host: 'web', privileged: true }, { action: 'netem', host: 'web', network: 'lan', netem: { delayMs: 10, shell: 'x' } }, { host: 'web' }]) {
      const res = await post(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error).toBe('BAD_REQUEST');
    }
    const unknown = await post({ action: 'stop', host: 'nosuch' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error).toBe('HOST_NOT_FOUND');
    expect((await post({ action: 'cut', host: 'client', network: 'back' })).statusCode).toBe(400); // client is not on back
  });

  it('GET /capture.pcap is 404 before any capture', async () => {
    const res = await app.inject({ url: `/api/labs/${id}/capture.pcap`, ...as(alice) });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toBe('NOT_FOUND');
  });

  it('streams the view as server-sent events, and closing the stream stops the collector', async () => {
    const stream = await openStream(`${base}/api/labs/${id}/view/events`, { cookie: alice });
    try {
      expect(stream.res.status).toBe(200);
      expect(stream.res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const first = await stream.next<LiveView>('view');
      expect(first.lab).toBe(id);
      expect(first.hosts.map((h) => h.name)).toEqual(['client', 'web']);
      expect(await probePythons('web')).toBe(1);
      // A change in a host arrives as the next view.
      await labs.run({ lab: labs.get(id), host: 'web', script: 'ip addr add "$VIP/32" dev eth0', timeoutMs: 10_000 });
      for (;;) {
        const v = await stream.next<LiveView>('view', 5000);
        if (v.addresses[0]!.heldBy.includes('web')) break;
      }
    } finally {
      stream.close();
      await labs.run({ lab: labs.get(id), host: 'web', script: 'ip addr del "$VIP/32" dev eth0', timeoutMs: 10_000 });
    }
    await eventually("the collector's probes ended after the stream closed", 15_000, async () => (await probePythons('client')) === 0 && (await probePythons('web')) === 0, 500);
  });

  it('refuses a fifth view stream of one learner with 429, and the view to another site with 403', async () => {
    const streams = await Promise.all([1, 2, 3, 4].map(() => openStream(`${base}/api/labs/${id}/view/events`, { cookie: alice })));
    try {
      for (const s of streams) expect(s.res.status).toBe(200);
      const fifth = await fetch(`${base}/api/labs/${id}/view/events`, { headers: { cookie: alice } });
      expect(fifth.status).toBe(429);
      expect(((await fetch(`${base}/api/labs/${id}/view/events`, { headers: { cookie: alice, 'sec-fetch-site': 'cross-site' } })).status)).toBe(403);
    } finally {
      for (const s of streams) s.close();
    }
    // Closed streams give their places back.
    await eventually('a new stream is allowed again', 10_000, async () => {
      const again = await openStream(`${base}/api/labs/${id}/view/events`, { cookie: alice });
      again.close();
      return again.res.status === 200;
    }, 300);
  });

  it('refuses a capture asked for by another site with 403', async () => {
    const res = await app.inject({ url: `/api/labs/${id}/capture?network=lan&preset=icmp`, headers: { cookie: alice, 'sec-fetch-site': 'cross-site' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toBe('ORIGIN_NOT_ALLOWED');
  });

  it('streams a capture, refuses a third at once with 429, ends captures whose page closed, and serves the pcap', async () => {
    const url = (q: string) => `${base}/api/labs/${id}/capture?${q}`;
    const one = await openStream(url('network=lan&preset=icmp&count=2'), { cookie: alice });
    const two = await openStream(url('network=lan&preset=arp&count=100'), { cookie: alice });
    try {
      for (const s of [one, two]) {
        expect(s.res.status).toBe(200);
        expect(s.res.headers.get('content-type')).toMatch(/^text\/event-stream/);
        expect(await s.next<CaptureEvent>('capture')).toMatchObject({ type: 'started', where: 'network lan' });
      }
      const third = await app.inject({ url: `/api/labs/${id}/capture?host=web&preset=all`, ...as(alice) });
      expect(third.statusCode).toBe(429);
      expect(third.json().error).toBe('RATE_LIMITED');

      await new Promise((r) => setTimeout(r, 300));
      await labs.run({ lab: labs.get(id), host: 'client', script: `ping -c 1 -W 2 ${env.WEB_IP}`, timeoutMs: 10_000 });
      const frames = await one.next<Extract<CaptureEvent, { type: 'frames' }>>('capture');
      expect(frames.type).toBe('frames');
      expect(frames.frames.map((f) => [f.protocol, f.srcHost, f.dstHost])).toEqual([
        ['ICMP', 'client', 'web'],
        ['ICMP', 'web', 'client'],
      ]);
      expect(await one.next<CaptureEvent>('capture')).toMatchObject({ type: 'stopped', frames: 2 });
      await one.ended();
    } finally {
      two.close();
    }
    // The closed page's capture ended: a new one may start; the pcap is the latest capture's.
    const again = await eventually('a capture starts again', 10_000, async () => {
      const s = await openStream(url('network=lan&preset=icmp&count=2'), { cookie: alice });
      if (s.res.status === 200) return s;
      s.close();
      return undefined;
    }, 500);
    try {
      expect(await again.next<CaptureEvent>('capture')).toMatchObject({ type: 'started' });
      await new Promise((r) => setTimeout(r, 300));
      await labs.run({ lab: labs.get(id), host: 'web', script: `ping -c 1 -W 2 ${env.CLIENT_IP}`, timeoutMs: 10_000 });
      await again.ended();
    } finally {
      again.close();
    }
    const pcap = await app.inject({ url: `/api/labs/${id}/capture.pcap`, ...as(alice) });
    expect(pcap.statusCode).toBe(200);
    expect(pcap.headers['content-type']).toBe('application/vnd.tcpdump.pcap');
    expect(pcap.headers['content-disposition']).toBe(`attachment; filename="${id}-web-serve.pcap"`);
    const lines = await tcpdumpRead(pcap.rawPayload);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(`${env.WEB_IP} > ${env.CLIENT_IP}: ICMP echo request`);
  });
});

describe('a server closing with a lab view open', () => {
  it('ends the open view streams and closes (an open stream used to hold the close forever)', async () => {
    const t = await testLabManager({ curriculumDir: LABS_COURSE });
    const inspector = createInspector({ labs: t.labs, instance: t.instance });
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const app = await buildTestApp({ dir: LABS_COURSE, labs: t.labs, inspector, publicUrls: [base, 'http://localhost'] });
    await app.listen({ port, host: '127.0.0.1' });
    try {
      const cookie = cookieOf(await app.inject('/api/roadmap'));
      const start = await app.inject({ method: 'POST', url: '/api/labs', payload: { exercise: 'web-serve' }, headers: { cookie } });
      await t.labs.ready(start.json().id);
      const stream = await openStream(`${base}/api/labs/${start.json().id}/view/events`, { cookie });
      await stream.next('view');
      const closed = await Promise.race([app.close().then(() => 'closed'), new Promise((r) => setTimeout(() => r('still open after 5 s'), 5000))]);
      expect(closed).toBe('closed');
      await stream.ended(5000);
    } finally {
      await app.close();
      await inspector.close();
      await t.labs.close({ destroyAll: true });
    }
  });
});
