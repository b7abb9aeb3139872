// The server as a container image, for real: deploy/container/build.sh builds it on the local Docker
// engine from the bundle (scripts/bundle.sh: web app built, runtime dependencies only) and the local
// base image `opslab setup` makes; the image is then run as compose.yaml runs it (read-only, no
// capabilities, uid 10001, state in a volume) but without any Docker socket, so it has no lab engine.
// It must serve the real curriculum, keep its SQLite state in the volume across a new container,
// and stop cleanly on SIGTERM. The compose files are read with the `yaml` package (Docker Compose
// is not installed here) and checked against what the Dockerfile says.
//
// The image's tag is a hash of what goes into it, so a second run with the same sources builds
// nothing (~2 s); a build after a change takes ~45-60 s here (bundle ~15 s, docker build ~25 s).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseSettings } from '../../server/config.js';
import { loadCurriculum } from '../../server/curriculum/index.js';
import { MIGRATIONS } from '../../server/store/migrations.js';
import { envFile } from '../helpers/env-file.js';
import { freePort } from '../helpers/server.js';
import { ROOT } from '../helpers/manifests.js';

const run = promisify(execFile);
const read = (f: string) => readFileSync(path.join(ROOT, f), 'utf8');
/** GET from the container's published port, bounded, the body read (no response is left open). */
async function get(port: number, url: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const res = await fetch(`http://127.0.0.1:${port}${url}`, { headers, signal: AbortSignal.timeout(10_000) });
  return { status: res.status, text: await res.text() };
}
const docker = async (...args: string[]) => (await run('docker', args, { maxBuffer: 64 << 20 })).stdout.trim();
const VERSION = (JSON.parse(read('package.json')) as { version: string }).version;

/** `${expr}` as Dockerfiles and compose files write it. */
const substitution = (expr: string) => `$${'{'}${expr}}`;

/** The Dockerfile's instructions that matter here: ENV, EXPOSE, VOLUME, USER, HEALTHCHECK's command. */
function dockerfile(text: string) {
  const lines = text.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const all = (word: string) => lines.filter((l) => l.startsWith(`${word} `)).map((l) => l.slice(word.length + 1).trim());
  const env = Object.fromEntries(all('ENV').flatMap((l) => [...l.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1]!, m[2]!])));
  const health = all('HEALTHCHECK')[0] ?? '';
  return {
    from: all('FROM'),
    env,
    expose: all('EXPOSE'),
    volumes: all('VOLUME').flatMap((v) => JSON.parse(v) as string[]),
    user: all('USER')[0],
    healthcheck: JSON.parse(health.slice(health.indexOf('CMD ') + 4)) as string[],
  };
}

/** Compose's `!reset` (drop what an earlier file set), read as the value it resets to. */
const composeTags = [{ tag: '!reset', resolve: (v: unknown) => v, collection: 'seq' as const }, { tag: '!reset', resolve: (v: unknown) => v }];
// biome-ignore lint/suspicious/noExplicitAny: a compose file is free-form YAML
const compose = (file: string): any => parse(read(file), { customTags: composeTags as never });

const image = dockerfile(read('deploy/container/Dockerfile'));

describe('deploy/container: Dockerfile and compose files', () => {
  const file = compose('deploy/container/compose.yaml');
  const server = file.services.server;

  it('builds FROM the local base image named by a build argument, runs as uid 10001 and checks liveness', () => {
    expect(read('deploy/container/Dockerfile')).toMatch(/^ARG BASE=debian:bookworm$/m);
    expect(image.from).toEqual([substitution('BASE')]);
    expect(image.user).toBe('10001:10001');
    expect(image.healthcheck).toEqual(['node', '/usr/local/lib/opslab/healthcheck.mjs']);
    expect(read('deploy/container/healthcheck.mjs')).toContain("'/api/health/live'");
  });

  it('runs the image build.sh tags, with its state in a named volume at OPSLAB_DATA, the port it exposes, its health check and the env file', () => {
    expect(server.image).toBe(substitution(`OPSLAB_IMAGE:-opslab/server:${VERSION}`));
    expect(read('deploy/container/build.sh')).toContain('-t "opslab/server:$VERSION"');
    const data = image.env.OPSLAB_DATA!;
    expect(image.volumes).toContain(data);
    const volumes = (server.volumes as string[]).map((v) => v.split(':'));
    const state = volumes.find(([, target]) => target === data);
    expect(state, `no volume at ${data}`).toBeDefined();
    expect(Object.keys(file.volumes)).toContain(state![0]);
    expect(image.expose).toEqual([image.env.OPSLAB_PORT]);
    expect((server.ports as string[]).map((p) => p.split(':').at(-1))).toEqual([image.env.OPSLAB_PORT]);
    expect(server.healthcheck.test).toEqual(['CMD', ...image.healthcheck]);
    expect(server.env_file).toBe('opslab.env');
    expect(server.restart).toBe('unless-stopped');
    expect(server.read_only).toBe(true);
    expect(server.cap_drop).toEqual(['ALL']);
  });

  it('keeps PostgreSQL behind a profile the server does not require', () => {
    expect(file.services.postgres.profiles).toEqual(['postgres']);
    expect(server.depends_on.postgres).toEqual({ condition: 'service_healthy', required: false });
  });

  it("gives PostgreSQL its own env file: the database container never gets the server's secret or tokens", () => {
    expect(file.services.postgres.env_file).toBe('postgres.env');
    const pg = envFile(read('deploy/container/postgres.env.example'));
    expect(Object.keys(pg)).toEqual(['POSTGRES_PASSWORD']);
  });

  it('has an example env file that, with the image environment, passes the real settings schema', () => {
    const env = { ...image.env, ...envFile(read('deploy/container/opslab.env.example')) };
    const s = parseSettings(env);
    expect(s.host).toBe('0.0.0.0');
    expect(s.publicUrls).toEqual(['https://labs.example.org']);
    expect(s.engines?.map((e) => [e.id, e.target, e.tls])).toEqual([['lab1', 'tcp://lab1.example.org:2376', '/etc/opslab/engine-tls/lab1']]);
    expect(s.dataDir).toBe('/var/lib/opslab');
  });

  it('host-engine mode: the socket, root in the host user and network namespaces with NET_ADMIN, and the local engine', () => {
    const over = compose('deploy/container/compose.host-engine.yaml').services.server;
    expect(over.volumes).toContain('/var/run/docker.sock:/var/run/docker.sock');
    expect([over.user, over.userns_mode, over.network_mode]).toEqual(['0:0', 'host', 'host']);
    expect(over.cap_add).toEqual(['NET_ADMIN', 'NET_RAW']);
    expect([over.ports, over.cap_drop]).toEqual([[], []]);
    const env = { ...image.env, ...envFile(read('deploy/container/opslab.env.example')), ...over.environment };
    const s = parseSettings(env);
    expect([s.engine, s.engines, s.host]).toEqual(['local', undefined, '127.0.0.1']);
    expect(read('deploy/container/compose.host-engine.yaml')).toMatch(/root on this machine/);
  });
});

describe('deploy/container: the image, built and run', () => {
  const suffix = randomBytes(4).toString('hex');
  const volume = `opslab-test-data-${suffix}`;
  const containers: string[] = [];
  let tag = '';
  let port = 0;

  beforeAll(async () => {
    const t0 = performance.now();
    const { stdout } = await run(path.join(ROOT, 'deploy/container/build.sh'), [], { cwd: ROOT, maxBuffer: 64 << 20, timeout: 240_000 });
    tag = stdout.trim().split('\n').at(-1)!;
    console.log(`${stdout.trim()}\ncontainer test: image ${tag} ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    port = await freePort();
  }, 250_000);

  afterAll(async () => {
    for (const c of containers) await docker('rm', '-f', '-v', c).catch(() => {});
    for (const v of [volume, `${volume}-host`]) await docker('volume', 'rm', '-f', v).catch(() => {});
  });

  /** Starts the image as compose.yaml does, with no Docker socket: an engine entry that never answers. */
  const start = async (name: string) => {
    containers.push(name);
    await docker(
      'run', '-d', '--name', name, '--label', 'opslab.test=container-image',
      '--read-only', '--tmpfs', '/tmp', '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges:true',
      '-v', `${volume}:/var/lib/opslab`, '-p', `127.0.0.1:${port}:8080`,
      '-e', `OPSLAB_PUBLIC_URL=http://127.0.0.1:${port}`,
      '-e', 'OPSLAB_ENGINES=host=unix:///var/run/docker.sock',
      tag,
    );
    // Ready when it logs that it serves. Asking the published port earlier can leave a connection
    // half-made through docker's port proxy (a fetch that never settles was seen here).
    const t0 = performance.now();
    while (!(await docker('logs', name)).includes('"msg":"opslab serving')) {
      if (performance.now() - t0 > 60_000) throw new Error(`${name} did not serve within 60 s:\n${await docker('logs', '--tail', '30', name).catch(() => '')}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const ms = performance.now() - t0;
    expect((await get(port, '/api/roadmap')).status).toBe(200);
    console.log(`container test: ${name} serving ${(ms / 1000).toFixed(1)} s after docker run`);
    return ms;
  };
  const exec = (name: string, ...cmd: string[]) => docker('exec', name, ...cmd);

  it('holds runtime dependencies only, runs as uid 10001 and declares its health check, port and volume', async () => {
    const [config] = JSON.parse(await docker('image', 'inspect', tag)) as [{ Config: { User: string; ExposedPorts: object; Volumes: object; Healthcheck: { Test: string[] } } }];
    expect(config.Config.User).toBe('10001:10001');
    expect(Object.keys(config.Config.ExposedPorts)).toEqual(['8080/tcp']);
    expect(Object.keys(config.Config.Volumes)).toEqual(['/var/lib/opslab']);
    expect(config.Config.Healthcheck.Test).toEqual(['CMD', ...image.healthcheck]);
    const probe = `const fs = require('fs'); const pkg = require('./package.json');
      console.log(JSON.stringify({ dev: Object.keys(pkg.devDependencies).filter((d) => fs.existsSync('node_modules/' + d)),
        runtime: Object.keys(pkg.dependencies).filter((d) => !fs.existsSync('node_modules/' + d)), web: fs.existsSync('web/dist/index.html'), node: process.version }))`;
    const found = JSON.parse(await docker('run', '--rm', '--entrypoint', 'node', tag, '-e', probe)) as { dev: string[]; runtime: string[]; web: boolean; node: string };
    // @types/node comes with a runtime dependency (protobufjs, by the SSH engine's client): types only.
    expect(found.dev.filter((d) => d !== '@types/node')).toEqual([]);
    expect(found.runtime).toEqual([]);
    expect(found.web).toBe(true);
    expect(found.node).toBe(process.version);
  });

  it('serves the real curriculum without a Docker socket, read-only and unprivileged, its SQLite state in the volume', async () => {
    const name = `opslab-test-server-${suffix}`;
    await start(name);
    const { curriculum } = loadCurriculum(path.join(ROOT, 'curricula'));
    const roadmap = JSON.parse((await get(port, '/api/roadmap')).text) as { stages: { modules: { exercises: { id: string }[] }[] }[] };
    const served = roadmap.stages.flatMap((s) => s.modules.flatMap((m) => m.exercises.map((e) => e.id)));
    expect(served.length).toBeGreaterThan(10);
    expect(new Set(served)).toEqual(new Set(curriculum.exercises.keys()));
    // No engine answers: the health says so (503) but the server serves lessons.
    const health = await get(port, '/api/health');
    const body = JSON.parse(health.text) as { status: string; exercises: number; engine: { up: boolean } };
    expect([health.status, body.status, body.engine.up, body.exercises]).toEqual([503, 'degraded', false, curriculum.exercises.size]);
    // The web app, built into the image.
    const index = await get(port, '/', { accept: 'text/html' });
    expect(index.status).toBe(200);
    expect(index.text).toContain('<div id="root">');
    // Unprivileged, the code read-only, the store migrated in the volume.
    expect(await exec(name, 'id', '-u')).toBe('10001');
    await expect(exec(name, 'touch', '/opt/opslab/x')).rejects.toThrow(/Read-only file system/);
    const version = await exec(name, 'node', '-e', "const D = require('better-sqlite3'); const db = new D('/var/lib/opslab/opslab.sqlite', { readonly: true }); console.log(db.prepare('SELECT MAX(version) AS v FROM schema_version').get().v)");
    expect(Number(version)).toBe(MIGRATIONS.length);
    // The HEALTHCHECK's script agrees with the liveness endpoint (which answers 404 until it exists).
    const live = (await get(port, '/api/health/live')).status;
    const check = await exec(name, 'node', '/usr/local/lib/opslab/healthcheck.mjs').then(() => 0, (e: { code?: number }) => e.code);
    expect(check).toBe(live === 200 ? 0 : 1);
  }, 90_000);

  it('stops on SIGTERM with exit 0, and a new container finds the same state in the volume', async () => {
    const first = containers[0]!;
    const secret = await exec(first, 'cat', '/var/lib/opslab/secret');
    const t0 = performance.now();
    await docker('stop', '-t', '30', first);
    const stopMs = performance.now() - t0;
    const exit = await docker('inspect', '--format', '{{.State.ExitCode}}', first);
    expect(exit, `exit ${exit} after ${(stopMs / 1000).toFixed(1)} s; the log's end:\n${await docker('logs', '--tail', '20', first).catch(() => '')}`).toBe('0');
    expect(stopMs).toBeLessThan(15_000);
    const second = `opslab-test-server2-${suffix}`;
    await start(second);
    expect(await exec(second, 'cat', '/var/lib/opslab/secret')).toBe(secret);
    console.log(`container test: stopped in ${(stopMs / 1000).toFixed(1)} s`);
  }, 90_000);

  it('host-engine mode (compose.host-engine.yaml): a lab starts on this machine\'s engine through the socket, behind the lab firewall in the host\'s namespace', async () => {
    const over = compose('deploy/container/compose.host-engine.yaml').services.server;
    const name = `opslab-test-host-${suffix}`;
    const hostPort = await freePort();
    const url = `http://127.0.0.1:${hostPort}`;
    containers.push(name);
    // The override's settings, as compose would pass them; a label of its own (OPSLAB_INSTANCE) so
    // its start-up reconcile leaves other servers' labs alone, and no warm labs.
    const env = { ...over.environment, OPSLAB_PORT: String(hostPort), OPSLAB_PUBLIC_URL: url, OPSLAB_INSTANCE: `container-test-${suffix}`, OPSLAB_WARM_LABS: 'local=0,vm=0' };
    await docker(
      'run', '-d', '--name', name, '--label', 'opslab.test=container-image',
      '--user', over.user, '--userns', over.userns_mode, '--network', over.network_mode,
      ...over.cap_add.flatMap((c: string) => ['--cap-add', c]),
      '--read-only', ...['/tmp', ...over.tmpfs].flatMap((t: string) => ['--tmpfs', t]),
      ...over.volumes.flatMap((v: string) => ['-v', v]),
      '-v', `${volume}-host:/var/lib/opslab`,
      ...Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]),
      tag,
    );
    const t0 = performance.now();
    let health: { status: string; engine?: { up: boolean; kind: string } } | undefined;
    while (health?.status !== 'ok') {
      if (performance.now() - t0 > 60_000) throw new Error(`no healthy server within 60 s: ${JSON.stringify(health)}\n${await docker('logs', '--tail', '30', name).catch(() => '')}`);
      await new Promise((r) => setTimeout(r, 500));
      health = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(1000) }).then((r) => r.json() as Promise<typeof health>, () => undefined);
    }
    expect(health.engine).toMatchObject({ up: true, kind: 'local' });
    // A learner (the cookie /api/me sets) starts a lab; the server builds it on the host's engine.
    const me = await fetch(`${url}/api/me`, { signal: AbortSignal.timeout(10_000) });
    await me.text();
    const cookie = me.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const headers = { cookie, origin: url, 'content-type': 'application/json' };
    const started = await fetch(`${url}/api/labs`, { method: 'POST', headers, body: JSON.stringify({ exercise: 'arp-cache' }), signal: AbortSignal.timeout(30_000) });
    expect(started.status).toBe(202);
    const { id } = (await started.json()) as { id: string };
    const t1 = performance.now();
    let lab: { state: string; hosts: { running: boolean }[] } = { state: 'starting', hosts: [] };
    while (lab.state === 'starting') {
      if (performance.now() - t1 > 90_000) throw new Error(`lab ${id} not ready within 90 s`);
      await new Promise((r) => setTimeout(r, 1000));
      lab = (await (await fetch(`${url}/api/labs/${id}`, { headers: { cookie }, signal: AbortSignal.timeout(10_000) })).json()) as typeof lab;
    }
    expect(lab.state).toBe('ready');
    expect(lab.hosts.length).toBeGreaterThan(0);
    expect(lab.hosts.every((h) => h.running)).toBe(true);
    console.log(`container test: host-engine lab ${id} ready in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
    expect(await docker('ps', '-q', '--filter', `label=opslab.lab=${id}`)).not.toBe('');
    // The firewall the server checked (and added where missing) from its container: in the host's namespace.
    expect(await exec(name, 'iptables', '-w', '-S', 'INPUT')).toContain('opslab: labs never reach the host');
    const deleted = await fetch(`${url}/api/labs/${id}`, { method: 'DELETE', headers: { cookie, origin: url }, signal: AbortSignal.timeout(60_000) });
    expect(deleted.status).toBe(204);
    await expect.poll(() => docker('ps', '-aq', '--filter', `label=opslab.lab=${id}`), { timeout: 30_000 }).toBe('');
  }, 200_000);
});
