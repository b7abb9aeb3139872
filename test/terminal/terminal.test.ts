import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Curriculum } from '../../server/curriculum/index.js';
import type { LabManager } from '../../server/lab/manager.js';
import type { Lab } from '../../server/lab/types.js';
import type { TerminalHub } from '../../server/terminal/hub.js';
import { ackFrame, inputFrame } from '../../server/terminal/protocol.js';
import { LABS_COURSE, testLabManager } from '../helpers/engine.js';
import { learnerCookie, TermClient, terminalApp } from './support.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('lab terminals over the websocket', () => {
  let labs: LabManager;
  let curriculum: Curriculum;
  let app: FastifyInstance;
  let hub: TerminalHub;
  let base: string;
  let alice: string;
  let lab: Lab;
  const clients: TermClient[] = [];
  const term = (props: { host?: string; cookie?: string; ack?: boolean; path?: string; size?: { cols: number; rows: number } } = {}) => {
    const c = new TermClient({ url: `${base}${props.path ?? `/api/labs/${lab.id}/hosts/${props.host ?? 'web'}/terminal`}`, cookie: props.cookie ?? alice, ack: props.ack, size: props.size });
    clients.push(c);
    return c;
  };
  const inHost = async (script: string) => (await labs.run({ lab, host: 'web', script, timeoutMs: 10_000 })).stdout.trim();
  const loginShells = () => inHost(`pgrep -fx 'bash -l' | wc -l`).then(Number);

  beforeAll(async () => {
    ({ labs, curriculum } = await testLabManager({ curriculumDir: LABS_COURSE }));
    ({ app, hub, url: base } = await terminalApp({ labs, curriculum }));
    alice = await learnerCookie(app);
    const res = await app.inject({ method: 'POST', url: '/api/labs', headers: { cookie: alice }, payload: { exercise: 'web-serve' } });
    expect(res.statusCode).toBe(202);
    lab = await labs.ready(res.json().id);
  });
  afterAll(async () => {
    for (const c of clients) c.ws.terminate();
    await app?.close();
    await labs?.close({ destroyAll: true });
  });

  it('runs a login shell with the lab variables: echo $((6*7)) prints 42', async () => {
    const t = term();
    await t.opened;
    t.type('echo $((6*7)) $WEB_IP $TERM\r');
    await t.waitFor(`42 ${lab.env.WEB_IP} xterm-256color\r\n`);
    expect(t.snapshot).toBeUndefined(); // a new session starts with live output, no snapshot
    await t.close();
  });

  it('keeps the shell across reconnects: a new socket gets a snapshot of the screen, then the same shell', async () => {
    const a = term();
    a.type('FOO=kept-$((40+2)); echo marker-$((1+1))\r');
    await a.waitFor('marker-2\r\n');
    expect(await a.close()).toMatchObject({ code: 1005 });

    const b = term();
    await b.waitFor(() => b.snapshot !== undefined);
    expect(b.snapshot).toContain('marker-2');
    expect(b.snapshot).toContain('echo $((6*7))'); // the earlier screen, from the first test's socket
    b.type('echo "foo is $FOO"\r');
    await b.waitFor('foo is kept-42');

    const c = term(); // takes the session over
    expect(await b.closed).toMatchObject({ code: 4000 });
    await c.waitFor(() => c.snapshot?.includes('foo is kept-42') ?? false);
    c.type('echo again-$FOO\r');
    await c.waitFor('again-kept-42');
    await c.close();
  });

  it('resizes the TTY: RESIZE then stty size prints the new rows and cols, and clamps absurd sizes', async () => {
    const t = term();
    t.resize({ cols: 123, rows: 45 });
    t.type('stty size\r');
    await t.waitFor('45 123\r\n');
    t.resize({ cols: 0, rows: 0 });
    t.type('echo A$(stty size)B\r');
    await t.waitFor('A1 2B');
    t.resize({ cols: 65535, rows: 65535 });
    t.type('echo C$(stty size)D\r');
    await t.waitFor('C200 500D');
    t.resize({ cols: 80, rows: 24 });
    await t.close();
  });

  it('answers PING with PONG', async () => {
    const t = term();
    await t.opened;
    t.ping('hello-ping');
    await t.waitFor(() => t.pongs.length === 1);
    expect(t.pongs[0]!.toString()).toBe('hello-ping');
    await t.close();
  });

  it('stops reading a flood for a client that never ACKs, with bounded memory, and Ctrl-C still stops it', async () => {
    const t = term({ host: 'client', ack: false });
    await t.opened;
    t.type('echo ready-$((3*3))\r');
    await t.waitFor('ready-9');
    global.gc?.();
    const before = process.memoryUsage();
    t.type('yes flooding-the-terminal | head -c 50000000; echo flood-$((5*5))\r');
    await t.waitFor(() => t.outputBytes > 256 * 1024);
    await sleep(3000);
    const received = t.outputBytes;
    await sleep(1000);
    const after = process.memoryUsage();
    // Paused: the client got at most the unacked window (512 KiB) plus a chunk, and nothing more for a second.
    expect(received).toBeLessThan(640 * 1024);
    expect(t.outputBytes).toBe(received);
    expect(after.heapUsed - before.heapUsed).toBeLessThan(32 * 1024 * 1024);
    expect(after.rss - before.rss).toBeLessThan(96 * 1024 * 1024);
    const host = (script: string) => labs.run({ lab, host: 'client', script, timeoutMs: 10_000 }).then((r) => r.stdout.trim());
    expect(await host('pgrep -x yes >/dev/null && echo blocked')).toBe('blocked');

    t.ws.send(inputFrame('\x03')); // input is never blocked by output flow control
    await expect.poll(() => host('pgrep -x yes >/dev/null && echo running || echo stopped'), { timeout: 5000 }).toBe('stopped');

    // The client catches up (ACKs what it processed); the prompt comes back and the shell works.
    t.ws.send(ackFrame(t.outputBytes));
    const acker = setInterval(() => t.ws.send(ackFrame(1024 * 1024)), 50);
    try {
      await t.waitFor(/\^C\r\n/);
      expect(t.output).not.toContain('flood-25'); // the whole line was interrupted
      t.type('echo after-$((6*7))\r');
      await t.waitFor('after-42');
    } finally {
      clearInterval(acker);
    }
    expect(t.outputBytes).toBeLessThan(10_000_000);
    await t.close();
  });

  it("closes a socket to another learner's lab, a missing host and a missing lab with 4404", async () => {
    const bob = await learnerCookie(app);
    const b = term({ cookie: bob });
    expect(await b.closed).toMatchObject({ code: 4404 });
    expect(b.error).toMatchObject({ error: 'LAB_NOT_FOUND' });
    const noCookie = new TermClient({ url: `${base}/api/labs/${lab.id}/hosts/web/terminal` });
    expect(await noCookie.closed).toMatchObject({ code: 4404 });
    expect(await term({ host: 'nope' }).closed).toMatchObject({ code: 4404 });
    expect(await term({ path: '/api/labs/lab-0000000000/hosts/web/terminal' }).closed).toMatchObject({ code: 4404 });
  });

  it("refuses a socket opened by another site's page with the learner's cookie: no shell, nothing typed runs", async () => {
    const port = new URL(base).port;
    for (const origin of ['http://evil.example', `http://127.0.0.1:${Number(port) + 1}`, 'http://localhost.evil.example', 'null']) {
      const c = new TermClient({ url: `${base}/api/labs/${lab.id}/hosts/web/terminal`, cookie: alice, origin });
      clients.push(c);
      const refused = await new Promise<string>((resolve) => {
        c.ws.once('unexpected-response', (req, res) => {
          req.destroy(); // with this listener, ws leaves aborting the refused request to us
          resolve(String(res.statusCode));
        });
        c.ws.once('open', () => {
          c.type(`touch /tmp/pwned-${origin.length}\r`);
          resolve('open');
        });
      });
      expect(refused, origin).toBe('403');
    }
    await new Promise((r) => setTimeout(r, 500));
    expect(await inHost('ls /tmp | grep -c pwned || true')).toBe('0');
    // The app's own origin still opens the shell.
    const own = new TermClient({ url: `${base}/api/labs/${lab.id}/hosts/web/terminal`, cookie: alice, origin: `http://127.0.0.1:${port}` });
    clients.push(own);
    await own.opened;
    await own.close();
  });

  it('closes on malformed frames with 1008 (and 1009 past 1 MiB) without ending the shell or the server', async () => {
    const violations: [string, (t: TermClient) => void, number][] = [
      ['a text frame', (t) => t.send('echo hi', false), 1008],
      ['an unknown type', (t) => t.send(Buffer.from([0x09, 1, 2])), 1008],
      ['an empty frame', (t) => t.send(Buffer.alloc(0)), 1008],
      ['a short RESIZE', (t) => t.send(Buffer.from([0x01, 0, 80])), 1008],
      ['a short ACK', (t) => t.send(Buffer.from([0x05, 1])), 1008],
      ['INPUT over 64 KiB', (t) => t.send(Buffer.concat([Buffer.from([0]), Buffer.alloc(65 * 1024, 0x61)])), 1008],
      ['a frame over 1 MiB', (t) => t.send(Buffer.alloc(1024 * 1024 + 10)), 1009],
    ];
    for (const [what, send, code] of violations) {
      const t = term();
      await t.opened;
      await t.waitFor(() => t.snapshot !== undefined);
      send(t);
      expect({ what, code: (await t.closed).code }).toEqual({ what, code });
    }
    const t = term();
    await t.waitFor(() => t.snapshot !== undefined);
    t.type('echo still-$FOO\r');
    await t.waitFor('still-kept-42');
    await t.close();
  });

  it('sends EXIT with the code when the shell ends, and the next sockets get one new shell', async () => {
    const t = term();
    await t.waitFor(() => t.snapshot !== undefined);
    t.type('exit 3\r');
    expect(await t.closed).toMatchObject({ code: 1000 });
    expect(t.exit).toEqual({ code: 3 });
    // Two sockets opening at once start one shell between them: the later one takes it over.
    const shells = await loginShells();
    const [n1, n2] = [term(), term()];
    const first = await Promise.race([n1.closed.then(() => n1), n2.closed.then(() => n2)]);
    expect(await first.closed).toMatchObject({ code: 4000 });
    const n = first === n1 ? n2 : n1;
    n.type('echo "foo=[$FOO]"\r');
    await n.waitFor('foo=[]');
    expect(await loginShells()).toBe(shells + 1);
    await n.close();
  });

  it('refuses a lab that is not ready with 4409', async () => {
    const carol = await learnerCookie(app);
    const res = await app.inject({ method: 'POST', url: '/api/labs', headers: { cookie: carol }, payload: { exercise: 'web-serve' } });
    const id = res.json().id as string;
    const t = term({ cookie: carol, path: `/api/labs/${id}/hosts/web/terminal` });
    expect(await t.closed).toMatchObject({ code: 4409 });
    expect(t.error).toMatchObject({ error: 'LAB_NOT_READY' });
    await labs.destroy(id);
  });

  it('ends idle sessions after idleMs and hangs their shells up; closing the app hangs up the rest', async () => {
    const idle = await terminalApp({ labs, curriculum, idleMs: 1500 });
    try {
      const url = `${idle.url}/api/labs/${lab.id}/hosts/web/terminal`;
      const shellsBefore = await loginShells();
      const t = new TermClient({ url, cookie: alice });
      t.type('echo idle-$((2*2))\r');
      await t.waitFor('idle-4');
      expect(await loginShells()).toBe(shellsBefore + 1);
      await t.close();
      expect(idle.hub.size).toBe(1);
      await expect.poll(() => idle.hub.size, { timeout: 5000 }).toBe(0);
      await expect.poll(loginShells, { timeout: 5000 }).toBe(shellsBefore);

      const u = new TermClient({ url, cookie: alice });
      u.type('echo open-$((3*3))\r');
      await u.waitFor('open-9');
      await idle.app.close();
      expect(await u.closed).toMatchObject({ code: 1001 });
      await expect.poll(loginShells, { timeout: 5000 }).toBe(shellsBefore);
    } finally {
      await idle.app.close();
    }
  });

  it('ends sessions with 4410 when the lab is reset or destroyed', async () => {
    const t = term();
    await t.opened;
    await labs.reset(lab.id);
    expect(await t.closed).toMatchObject({ code: 4410 });
    expect(t.error).toMatchObject({ error: 'LAB_BUSY' });
    expect(hub.size).toBe(0);
    lab = await labs.ready(lab.id);

    const u = term();
    u.type('echo fresh-$((1+2))\r');
    await u.waitFor('fresh-3');
    await labs.destroy(lab.id);
    expect(await u.closed).toMatchObject({ code: 4410 });
    expect(u.error).toMatchObject({ error: 'LAB_NOT_FOUND' });
  });
});
