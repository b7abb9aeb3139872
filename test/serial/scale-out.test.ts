// Scale-out for real: two `opslab serve` processes on this machine sharing one PostgreSQL and a pool
// of two Docker engines (this machine's, and a second dockerd: scripts/test-engine-b.sh). A lab
// started through one server is listed, checked, viewed, reset and destroyed through the other; its
// terminal through either is the same shell; a server killed with SIGKILL leaves every lab served by
// the other and nothing behind; caps hold across both; a drained engine takes no new lab; a killed
// engine fails only its labs, which a reset rebuilds on the other.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Dockerode from 'dockerode';
import { freshPostgres } from '../helpers/postgres.js';
import { freePort, ROOT, startServer, type RunningServer } from '../helpers/server.js';
import { TermClient } from '../terminal/support.js';

const ENGINE_B = '/run/opslab-engine-b.sock';
const SECRET = 'scale-out-test-secret-0123456789abcdef';
const engineA = new Dockerode({ socketPath: '/var/run/docker.sock' });
const engineB = new Dockerode({ socketPath: ENGINE_B });

interface LabView {
  id: string;
  state: string;
  engine: string;
  exercise: string;
  error?: { code: string; message: string };
}

/** Two exercises of the fixture course (web-serve, and a copy as web-two), in a folder of its own. */
function course(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'opslab-scale-'));
  cpSync(path.join(ROOT, 'test/fixtures/curricula/labs'), dir, { recursive: true });
  cpSync(path.join(dir, 'web-serve'), path.join(dir, 'web-two'), { recursive: true });
  const yaml = path.join(dir, 'web-two/exercise.yaml');
  writeFileSync(yaml, readFileSync(yaml, 'utf8').replace('id: web-serve', 'id: web-two'));
  const roadmap = path.join(dir, 'roadmap.yaml');
  writeFileSync(roadmap, readFileSync(roadmap, 'utf8').replace('exercises: [web-serve]', 'exercises: [web-serve, web-two]'));
  return dir;
}

/** Containers and networks of this test's labs on one engine, by lab. */
async function onEngine(docker: Dockerode, instance: string): Promise<Map<string, number>> {
  const filters = { label: [`opslab.managed=${instance}`] };
  const [cs, ns] = await Promise.all([docker.listContainers({ all: true, filters }), docker.listNetworks({ filters })]);
  const byLab = new Map<string, number>();
  for (const r of [...cs.filter((c) => !c.Labels['opslab.role']), ...ns]) {
    const lab = r.Labels?.['opslab.lab'] ?? '?';
    byLab.set(lab, (byLab.get(lab) ?? 0) + 1);
  }
  return byLab;
}

describe('two servers, one database, two engines', () => {
  const instance = `scale-${process.pid}`;
  let dir: string;
  let env: Record<string, string>;
  let a: RunningServer;
  let b: RunningServer;
  let portA: number;
  const cookies = new Map<string, string>();

  const serve = async (id: string, port: number, dataDir?: string) =>
    startServer({ curriculum: dir, port, instance, dataDir, env: { ...env, OPSLAB_SERVER_ID: id }, timeoutMs: 120_000 });

  /** A request as learner `who` (a cookie made on the first answer, signed with the shared secret). */
  const api = async (server: RunningServer, who: string, method: string, url: string, body?: unknown) => {
    const headers: Record<string, string> = {};
    const cookie = cookies.get(who);
    if (cookie) headers.cookie = cookie;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${server.url}${url}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const set = res.headers.get('set-cookie');
    if (set && !cookie) cookies.set(who, set.split(';')[0]!);
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const until = async <T>(what: string, fn: () => Promise<T | undefined>, ms = 120_000): Promise<T> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = await fn();
      if (v !== undefined) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  };
  const ready = (server: RunningServer, who: string, id: string) =>
    until(`lab ${id} ready`, async () => {
      const r = await api(server, who, 'GET', `/api/labs/${id}`);
      if (r.body?.state === 'failed') throw new Error(`lab ${id} failed: ${JSON.stringify(r.body.error)}`);
      return r.body?.state === 'ready' ? (r.body as LabView) : undefined;
    });

  beforeAll(async () => {
    execFileSync('bash', ['scripts/test-engine-b.sh'], { cwd: ROOT, stdio: 'pipe' });
    dir = course();
    const [pa, pb] = [await freePort(), await freePort()];
    portA = pa;
    env = {
      OPSLAB_DATABASE_URL: await freshPostgres(),
      OPSLAB_SECRET: SECRET,
      OPSLAB_ENGINES: `a=local?pool=10.123.0.0/17 b=unix://${ENGINE_B}?pool=10.123.128.0/17`,
      OPSLAB_PUBLIC_URL: `http://127.0.0.1:${pa},http://127.0.0.1:${pb}`,
      OPSLAB_WARM_LABS: 'vm=0',
      OPSLAB_MAX_LABS_PER_LEARNER: '1',
    };
    a = await serve('a', pa);
    b = await serve('b', pb);
  });

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    execFileSync('bash', ['scripts/test-engine-b.sh'], { cwd: ROOT, stdio: 'pipe' }); // started again if a test killed it
    for (const docker of [engineA, engineB]) {
      const filters = { label: [`opslab.managed=${instance}`] };
      for (const c of await docker.listContainers({ all: true, filters })) await docker.getContainer(c.Id).remove({ force: true }).catch(() => {});
      for (const n of await docker.listNetworks({ filters })) await docker.getNetwork(n.Id).remove().catch(() => {});
    }
  });

  let lab: LabView;

  it('serves a lab started through A from B: listed, checked, viewed, and one shell through both', async () => {
    const started = await api(a, 'ada', 'POST', '/api/labs', { exercise: 'web-serve' });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    lab = await ready(b, 'ada', started.body.id);
    expect((await api(b, 'ada', 'GET', '/api/labs')).body.map((l: LabView) => l.id)).toEqual([lab.id]);
    // Another learner sees nothing of it on either server.
    expect((await api(b, 'eve', 'GET', `/api/labs/${lab.id}`)).status).toBe(404);
    const checked = await api(b, 'ada', 'POST', `/api/labs/${lab.id}/checks`, { task: 'env' });
    expect(checked.status, JSON.stringify(checked.body)).toBe(200);
    expect(checked.body.tests.length).toBeGreaterThan(0);
    const view = await api(b, 'ada', 'GET', `/api/labs/${lab.id}/view`);
    expect(view.status, JSON.stringify(view.body)).toBe(200);
    expect(view.body.hosts.map((h: { name: string }) => h.name).sort()).toEqual(['client', 'web']);

    // The shell opened through A holds a variable; through B it is the same shell, screen and all.
    const path = `/api/labs/${lab.id}/hosts/client/terminal`;
    const viaA = new TermClient({ url: `${a.url.replace('http', 'ws')}${path}`, cookie: cookies.get('ada') });
    await viaA.opened;
    viaA.type('MARK=shell-$((6*7)); echo "set $MARK"\n');
    await viaA.waitFor('set shell-42', 20_000);
    viaA.ws.close();
    await viaA.closed;
    const viaB = new TermClient({ url: `${b.url.replace('http', 'ws')}${path}`, cookie: cookies.get('ada') });
    await viaB.opened;
    viaB.type('echo "again $MARK"\n');
    await viaB.waitFor('again shell-42', 20_000);
    expect(viaB.snapshot ?? '').toContain('set shell-42');
    viaB.ws.close();
    await viaB.closed;
  });

  it('holds the per-learner cap across both servers, even for starts at the same moment', async () => {
    // ada holds one lab (the cap is 1): a second, through the other server, is refused.
    const second = await api(b, 'ada', 'POST', '/api/labs', { exercise: 'web-two' });
    expect(second.status, JSON.stringify(second.body)).toBe(503);
    expect(second.body.error).toBe('CAPACITY');
    // bob asks both servers at once for two different exercises: one start is admitted.
    await api(a, 'bob', 'GET', '/api/labs'); // a cookie first
    const both = await Promise.all([api(a, 'bob', 'POST', '/api/labs', { exercise: 'web-serve' }), api(b, 'bob', 'POST', '/api/labs', { exercise: 'web-two' })]);
    // One is admitted; the other is refused, as starting another or as over the cap.
    expect(both.filter((r) => r.status === 202), JSON.stringify(both.map((r) => r.body))).toHaveLength(1);
    expect(['LAB_ALREADY_STARTING', 'CAPACITY']).toContain(both.find((r) => r.status !== 202)?.body.error);
    const bobs = both.find((r) => r.status === 202)!.body as LabView;
    const bobLab = await ready(a, 'bob', bobs.id);
    // Placement spread the two labs over both engines.
    expect(new Set([lab.engine, bobLab.engine]).size, `${lab.engine} ${bobLab.engine}`).toBe(2);
  });

  it('resets and destroys through the other server; a drained engine takes no new lab', async () => {
    const reset = await api(b, 'ada', 'POST', `/api/labs/${lab.id}/reset`);
    expect(reset.status, JSON.stringify(reset.body)).toBe(202);
    lab = await ready(a, 'ada', lab.id);
    const health = await api(a, 'ada', 'GET', '/api/health');
    const engines = health.body.engines as { id: string; up: boolean; load: { labs: number } }[];
    expect(engines.map((e) => [e.id, e.up, e.load.labs])).toEqual([['a', true, 1], ['b', true, 1]]);

    // bob's lab goes; with its engine drained, his next lab goes to the other one.
    const bobLab = (await api(a, 'bob', 'GET', '/api/labs')).body[0] as LabView;
    expect((await api(b, 'bob', 'DELETE', `/api/labs/${bobLab.id}`)).status).toBe(204);
    expect((await api(a, 'bob', 'GET', '/api/labs')).body).toEqual([]);
    execFileSync(process.execPath, ['bin/opslab.js', 'engine', 'drain', lab.engine], { cwd: ROOT, env: { ...process.env, ...env }, stdio: 'pipe' });
    const next = await api(a, 'bob', 'POST', '/api/labs', { exercise: 'web-two' });
    expect(next.status, JSON.stringify(next.body)).toBe(202);
    const placed = await ready(b, 'bob', next.body.id);
    expect(placed.engine).not.toBe(lab.engine);
    execFileSync(process.execPath, ['bin/opslab.js', 'engine', 'undrain', lab.engine], { cwd: ROOT, env: { ...process.env, ...env }, stdio: 'pipe' });
  });

  it('keeps every lab served when A is killed, leaves nothing behind, and adopts nothing twice when A is back', async () => {
    // A start under way on A when it dies: it must not stay half-built.
    await api(a, 'cy', 'GET', '/api/labs');
    const halfway = await api(a, 'cy', 'POST', '/api/labs', { exercise: 'web-serve' });
    expect(halfway.status).toBe(202);
    await a.kill('SIGKILL');
    // B serves every lab, the terminal included (A's shell is gone: B opens one).
    expect((await api(b, 'ada', 'GET', `/api/labs/${lab.id}`)).body.state).toBe('ready');
    const term = new TermClient({ url: `${b.url.replace('http', 'ws')}/api/labs/${lab.id}/hosts/web/terminal`, cookie: cookies.get('ada') });
    await term.opened;
    term.type('echo "alive on $(hostname)"\n');
    await term.waitFor('alive on web', 20_000);
    term.ws.close();

    a = await serve('a', portA, a.dataDir);
    const cyLab = await until('the half-built lab failed', async () => {
      const r = await api(b, 'cy', 'GET', `/api/labs/${halfway.body.id}`);
      return r.body?.state === 'failed' ? (r.body as LabView) : undefined;
    }, 60_000);
    expect(cyLab.error?.code).toBe('LAB_SETUP_FAILED');
    // Every lab is one row and one set of containers: nothing orphaned, nothing doubled.
    const labs = [...(await api(a, 'ada', 'GET', '/api/labs')).body, ...(await api(a, 'bob', 'GET', '/api/labs')).body] as LabView[];
    const live = new Map<string, number>([...(await onEngine(engineA, instance)), ...(await onEngine(engineB, instance))]);
    expect([...live.keys()].sort()).toEqual(labs.map((l) => l.id).sort());
    for (const l of labs) expect(live.get(l.id), l.id).toBe(4); // its 2 hosts and 2 networks, once
  });

  it('fails only the labs of an engine that dies, and a reset rebuilds them on the other', async () => {
    const labs = [...(await api(b, 'ada', 'GET', '/api/labs')).body, ...(await api(b, 'bob', 'GET', '/api/labs')).body] as LabView[];
    const onB = labs.filter((l) => l.engine === 'b');
    const onA = labs.filter((l) => l.engine === 'a');
    expect(onB.length).toBeGreaterThan(0);
    expect(onA.length).toBeGreaterThan(0);
    const pid = Number(readFileSync('/run/opslab-engine-b.pid', 'utf8'));
    process.kill(pid, 'SIGKILL');
    const whose = async (l: LabView) => ((await api(a, 'ada', 'GET', `/api/labs/${l.id}`)).status === 200 ? 'ada' : 'bob');
    for (const l of onB) {
      const who = await whose(l);
      const failed = await until(`lab ${l.id} failed`, async () => {
        const r = await api(a, who, 'GET', `/api/labs/${l.id}`);
        return r.body?.state === 'failed' ? (r.body as LabView) : undefined;
      }, 60_000);
      expect(failed.error?.code).toBe('ENGINE_DOWN');
    }
    for (const l of onA) expect((await api(b, await whose(l), 'GET', `/api/labs/${l.id}`)).body.state).toBe('ready');
    const victim = onB[0]!;
    const who = await whose(victim);
    expect((await api(b, who, 'POST', `/api/labs/${victim.id}/reset`)).status).toBe(202);
    const rebuilt = await ready(a, who, victim.id);
    expect(rebuilt.engine).toBe('a');
  });
});
