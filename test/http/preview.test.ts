// POST /api/labs/:id/preview on the real app and the real local engine: curl runs inside a lab host,
// so the answers below come from servers started in the lab (nginx, socat), seen from the lab.
import type { FastifyInstance } from 'fastify';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PreviewResult } from '../../shared/api.js';
import type { LabManager } from '../../server/lab/manager.js';
import type { Lab } from '../../server/lab/types.js';
import { PREVIEW_LIMIT_BYTES } from '../../server/service/preview-reply.js';
import { buildTestApp, cookieOf } from '../helpers/app.js';
import { LABS_COURSE, testLabManager } from '../helpers/engine.js';

/** Servers in the web host: nginx on 80 (pages, a redirect), nothing on 8081, a silent one on 8082, a hand-made answer on 8083. */
const SERVE = String.raw`set -eu
printf '<!doctype html><title>lab page</title><h1>hello from web</h1>\n' > /var/www/html/index.html
printf '\033]0;pwned\007\033[2J\033[31mred <script>document.title="ran"</script>\n' > /var/www/html/hostile.txt
yes 'opslab preview line' | head -c 2000000 > /var/www/html/big.txt
head -c 2000000 /dev/urandom > /var/www/html/noise.bin
cat > /etc/nginx/conf.d/preview.conf <<'EOF'
server { listen 8080; location / { return 302 http://web/moved-here; } }
EOF
nginx
setsid socat TCP-LISTEN:8082,fork,reuseaddr SYSTEM:'sleep 60' </dev/null >/dev/null 2>&1 &
printf 'HTTP/1.1 200 OK\r\nX-Evil: \033[2J\033]0;pwned\007 end\r\nContent-Type: text/html\r\nContent-Length: 41\r\nConnection: close\r\n\r\n<img src=x onerror=alert(1)><b>bold</b>\r\n' > /root/hostile.http
cat > /root/hostile.sh <<'EOF'
while IFS= read -r line; do [ "$line" = $'\r' ] && break; done
cat /root/hostile.http
EOF
setsid socat TCP-LISTEN:8083,fork,reuseaddr SYSTEM:'bash /root/hostile.sh' </dev/null >/dev/null 2>&1 &
for p in 80 8080 8082 8083; do for i in $(seq 50); do ss -ltn | grep -q ":$p " && break; sleep 0.1; done; done
`;

/** Tools a root learner replaced in their lab host: a curl that floods escapes, a gzip that sends a bomb, a base64 that prints junk. */
const FAKE_CURL = String.raw`cat > /usr/bin/curl <<'END'
#!/bin/sh
printf 'HTTP/1.1 200 OK\r\n\r\n'
exec yes "$(printf '\033[2J\033]0;pwned\007')"
END
chmod +x /usr/bin/curl`;
const FAKE_GZIP = String.raw`mv /usr/bin/gzip /usr/bin/gzip.real
cat > /usr/bin/gzip <<'END'
#!/bin/sh
head -c 20000000 /dev/zero | /usr/bin/gzip.real -c
END
chmod +x /usr/bin/gzip`;
const FAKE_BASE64 = String.raw`cat > /usr/bin/base64 <<'END'
#!/bin/sh
printf '\033]0;x\007 not base64 at all\n'
END
chmod +x /usr/bin/base64`;

describe('lab preview on the real engine', () => {
  let app: FastifyInstance;
  let labs: LabManager;
  let alice: string;
  let bob: string;
  let lab: Lab;
  let bobsLab: Lab;
  let hostService: Server;
  /** Connections the machine's own service got: none may come from a preview. */
  let arrived = 0;
  const HOST_PORT = 47412;

  const as = (cookie: string) => ({ headers: { cookie } });
  const preview = (body: Record<string, unknown>, cookie = alice, id = lab.id) => app.inject({ method: 'POST', url: `/api/labs/${id}/preview`, payload: body, ...as(cookie) });
  const ok = async (body: Record<string, unknown>): Promise<PreviewResult> => {
    const res = await preview(body);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    const t = await testLabManager({ curriculumDir: LABS_COURSE });
    labs = t.labs;
    // These tests send more previews in a minute than the default limit lets one learner (its own test is below).
    app = await buildTestApp({ dir: LABS_COURSE, labs, rateLimits: { previews: { max: 500, windowMs: 60_000 } } });
    alice = cookieOf(await app.inject('/api/roadmap'));
    bob = cookieOf(await app.inject('/api/roadmap'));
    const start = async (cookie: string) => {
      const res = await app.inject({ method: 'POST', url: '/api/labs', payload: { exercise: 'web-serve' }, ...as(cookie) });
      expect(res.statusCode, res.body).toBe(202);
      // Asked at once, while the lab starts: not ready yet.
      const early = await preview({ host: 'client', url: 'http://web/' }, cookie, res.json().id);
      expect(early.statusCode).toBe(409);
      expect(early.json().error).toBe('LAB_BUSY');
      return labs.ready(res.json().id);
    };
    [lab, bobsLab] = await Promise.all([start(alice), start(bob)]);
    await labs.run({ lab, host: 'web', script: SERVE, timeoutMs: 30_000 }).then((r) => expect(r.exitCode, r.output).toBe(0));
    await labs.run({ lab: bobsLab, host: 'web', script: 'echo bobs-page > /var/www/html/index.html; nginx', timeoutMs: 10_000 });
    hostService = createServer((s) => {
      arrived++;
      s.end('HTTP/1.0 200 OK\r\n\r\nmachine secret\n');
    }).listen(HOST_PORT, '::');
  }, 180_000);
  afterAll(async () => {
    hostService?.close();
    await app?.close();
    await labs?.close({ destroyAll: true });
  });

  it('fetches a page from another host by its lab address and by its lab name, status, headers and body', async () => {
    for (const url of [`http://${lab.values['ip.web']}/`, 'http://web/']) {
      const r = await ok({ host: 'client', url });
      expect(r).toMatchObject({ host: 'client', url, httpVersion: '1.1', status: 200, reason: 'OK', contentType: 'text/html', bodyEncoding: 'utf8', truncated: false, limitBytes: PREVIEW_LIMIT_BYTES });
      expect(r.body).toBe('<!doctype html><title>lab page</title><h1>hello from web</h1>\n');
      expect(r.bodyBytes).toBe(r.body.length);
      expect(r.headers.find((h) => h.name === 'Server')?.value).toMatch(/^nginx/);
      expect(r.error).toBeUndefined();
      expect(r.timeMs).toBeGreaterThanOrEqual(0);
      expect(r.timeMs).toBeLessThan(5000);
    }
  });

  it('fetches from the serving host itself, and counts as activity on the lab', async () => {
    const before = lab.lastActive.getTime();
    await new Promise((r) => setTimeout(r, 20));
    const r = await ok({ host: 'web', url: 'http://127.0.0.1/' });
    expect(r.status).toBe(200);
    expect(lab.lastActive.getTime()).toBeGreaterThan(before);
  });

  it('shows a redirect with its Location and does not follow it', async () => {
    const r = await ok({ host: 'client', url: 'http://web:8080/old' });
    expect(r).toMatchObject({ status: 302, location: 'http://web/moved-here' });
    expect(r.body).not.toContain('hello from web');
  });

  it('says in plain words that a port is refused, a name unknown, a network unreachable', async () => {
    const refused = await ok({ host: 'client', url: 'http://web:8081/' });
    expect(refused.status).toBeUndefined();
    expect(refused.error).toEqual({ code: 'REFUSED', message: 'Connection refused: nothing listens on web port 8081 (as seen from client), or a firewall rejects it.' });
    expect((await ok({ host: 'client', url: 'http://no-such-host/' })).error).toEqual({ code: 'DNS', message: 'client cannot resolve no-such-host: no such name in its /etc/hosts or DNS.' });
    // Another learner's lab: no route there (and no answer from it, whatever its page says).
    const other = await ok({ host: 'client', url: `http://${bobsLab.values['ip.web']}/`, timeoutSeconds: 2 });
    expect(other.status).toBeUndefined();
    expect(other.body).toBe('');
    expect(other.error?.code).toMatch(/^(UNREACHABLE|NO_ROUTE|TIMEOUT)$/);
  });

  it('cuts a huge answer at the limit and marks it truncated', async () => {
    const text = await ok({ host: 'client', url: 'http://web/big.txt' });
    expect(text.truncated).toBe(true);
    expect(text.bodyEncoding).toBe('utf8');
    // Text compresses: everything up to the limit comes back (less the headers), a true prefix.
    expect(text.bodyBytes).toBeGreaterThan(PREVIEW_LIMIT_BYTES - 1024);
    expect(text.bodyBytes).toBeLessThanOrEqual(PREVIEW_LIMIT_BYTES);
    expect('opslab preview line\n'.repeat(30_000).startsWith(text.body)).toBe(true);
    // Noise does not compress: it is cut sooner on its way back, and comes as base64.
    const noise = await ok({ host: 'client', url: 'http://web/noise.bin' });
    expect(noise).toMatchObject({ truncated: true, bodyEncoding: 'base64', contentType: 'application/octet-stream' });
    expect(noise.bodyBytes).toBeGreaterThan(10_000);
    expect(noise.bodyBytes).toBeLessThan(PREVIEW_LIMIT_BYTES);
    expect(Buffer.from(noise.body, 'base64').length).toBe(noise.bodyBytes);
  });

  it('gives up on a silent server within the time asked for', async () => {
    const t0 = Date.now();
    const r = await ok({ host: 'client', url: 'http://web:8082/', timeoutSeconds: 2 });
    expect(Date.now() - t0).toBeLessThan(6000);
    expect(r.error).toEqual({ code: 'TIMEOUT', message: 'Timed out after 2 s: no answer from web port 8082 (the packets may be dropped, or the server is slow).' });
  });

  it('returns terminal escapes and markup as data only', async () => {
    const text = await preview({ host: 'client', url: 'http://web/hostile.txt' });
    expect(text.statusCode).toBe(200);
    expect(text.headers['content-type']).toMatch(/^application\/json/);
    // The JSON carries the escape as \u001b: no raw control byte reaches the client.
    expect(text.body).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
    expect(text.json().body).toBe('\u001b]0;pwned\u0007\u001b[2J\u001b[31mred <script>document.title="ran"</script>\n');
    const crafted = await ok({ host: 'client', url: 'http://web:8083/' });
    expect(crafted.body).toBe('<img src=x onerror=alert(1)><b>bold</b>\r\n');
    expect(crafted.contentType).toBe('text/html');
    // Header values lose their control characters.
    expect(crafted.headers.find((h) => h.name === 'X-Evil')?.value).toBe('[2J ]0;pwned  end');
  });

  it('reads whatever a host whose tools were replaced sends back within its bounds', async () => {
    // Bob is root in his lab: curl, gzip and base64 there are whatever he makes them.
    const bobs = (body: Record<string, unknown>) => preview(body, bob, bobsLab.id);
    const sh = (script: string) => labs.run({ lab: bobsLab, host: 'client', script, timeoutMs: 20_000 }).then((r) => expect(r.exitCode, r.output).toBe(0));
    await sh('mv /usr/bin/curl /usr/bin/curl.gone');
    const noCurl = await bobs({ host: 'client', url: 'http://web/' });
    expect(noCurl.json().error).toEqual({ code: 'NO_CURL', message: 'curl is not installed in client: install it there (apt-get install curl), or preview from another host.' });
    // A "curl" that floods escapes forever: cut at the limit in the lab.
    await sh(FAKE_CURL);
    const flood = await bobs({ host: 'client', url: 'http://web/' });
    expect(flood.statusCode, flood.body).toBe(200);
    expect(flood.json()).toMatchObject({ status: 200, truncated: true, bodyEncoding: 'utf8' });
    expect(flood.json().bodyBytes).toBeGreaterThan(PREVIEW_LIMIT_BYTES / 2);
    expect(flood.json().bodyBytes).toBeLessThanOrEqual(PREVIEW_LIMIT_BYTES);
    // A "gzip" that sends a bomb (20 MB of zeros in ~20 KB): refused past the limit, in plain words.
    await sh(FAKE_GZIP);
    const bomb = await bobs({ host: 'client', url: 'http://web/' });
    expect(bomb.statusCode).toBe(200);
    expect(bomb.json().error).toEqual({ code: 'UNREADABLE', message: 'client sent back an answer this server cannot read (were gzip or base64 replaced in the host?).' });
    // A "base64" that prints escapes instead of base64.
    await sh(FAKE_BASE64);
    const junk = await bobs({ host: 'client', url: 'http://web/' });
    expect(junk.statusCode).toBe(200);
    expect(junk.json().error.code).toBe('UNREADABLE');
  });

  it('does not reach the machine that runs the labs', async () => {
    const gateway = lab.subnets.lan!.replace(/\.0\/\d+$/, '.1');
    const r = await ok({ host: 'client', url: `http://${gateway}:${HOST_PORT}/`, timeoutSeconds: 2 });
    expect(r.status).toBeUndefined();
    expect(r.error?.code).toMatch(/^(TIMEOUT|REFUSED|NO_ROUTE|UNREACHABLE)$/);
    expect(arrived).toBe(0);
  });

  it.each([
    ['file:///etc/passwd', 'file:///etc/passwd'],
    ['gopher://web/', 'gopher://web/'],
    ['ftp://web/', 'ftp://web/'],
    ['dict://web:11211/stats', 'dict://web:11211/stats'],
    ['with a space', 'http://web/ with a space'],
    ['with an escape', 'http://web/\u001b[2J'],
    ['of 2059 characters', `http://web/${'a'.repeat(2048)}`],
    ['http://', 'http://'],
    ['web/', 'web/'],
  ])('refuses the URL %s with 400 before anything runs', async (_name, url) => {
    const res = await preview({ host: 'client', url });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('BAD_REQUEST');
  });

  it.each([
    [{ host: 'client', url: 'http://web/', timeoutSeconds: 60 }],
    [{ host: 'client', url: 'http://web/', timeoutSeconds: 0 }],
    [{ host: 'client', url: 'http://web/', insecure: 'yes' }],
    [{ host: 'client', url: 'http://web/', shell: 'id' }],
    [{ host: '../client', url: 'http://web/' }],
    [{ url: 'http://web/' }],
  ])('refuses the body %j with 400', async (body) => {
    const res = await preview(body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('BAD_REQUEST');
  });

  it('refuses a host that is not in the lab with 404', async () => {
    const res = await preview({ host: 'director', url: 'http://web/' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: 'HOST_NOT_FOUND', message: `Lab ${lab.id} has no host 'director': preview from one of client, web.` });
  });

  it("answers another learner 404, as for a lab that does not exist, and runs nothing in the lab", async () => {
    const res = await preview({ host: 'client', url: 'http://web/' }, bob);
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toBe('LAB_NOT_FOUND');
    expect((await preview({ host: 'client', url: 'http://web/' }, alice, 'lab-0000000000')).json().error).toBe('LAB_NOT_FOUND');
  });

  it('runs at most two previews of one lab at once', async () => {
    const all = await Promise.all([1, 2, 3].map(() => preview({ host: 'client', url: 'http://web:8082/', timeoutSeconds: 2 })));
    expect(all.map((r) => r.statusCode).sort()).toEqual([200, 200, 429]);
    expect(all.find((r) => r.statusCode === 429)!.json().message).toBe('This lab already has 2 previews running; wait for them.');
  });

  it('counts previews against their own rate limit', async () => {
    const limited = await buildTestApp({ dir: LABS_COURSE, labs, rateLimits: { previews: { max: 2, windowMs: 60_000 } } });
    try {
      const carol = cookieOf(await limited.inject('/api/roadmap'));
      const codes: number[] = [];
      for (let i = 0; i < 3; i++) codes.push((await limited.inject({ method: 'POST', url: `/api/labs/${lab.id}/preview`, payload: { host: 'client', url: 'http://web/' }, ...as(carol) })).statusCode);
      expect(codes).toEqual([404, 404, 429]);
    } finally {
      await limited.close();
    }
  });
});
