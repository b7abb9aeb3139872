// The vm engine against real QEMU: the image is built (or found in the cache) first, so a
// machine without it fails loudly here instead of skipping. Boot is ~15-30 s under TCG.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createServer, type Server } from 'node:net';
import type Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNCONFINED_SYS_READONLY_PATHS } from '../../server/engine/probe.js';
import { KERNEL_FEATURES } from '../../server/engine/types.js';
import { ensureDefaultVmImage } from '../../server/engine/connect.js';
import { startVmEngine, type VmEngine, type VmExit } from '../../server/engine/vm/index.js';
import { makeVmTls } from '../../server/engine/vm/tls.js';

const log = (line: string) => console.log(`[vm] ${line}`);
let engine: VmEngine;
let image: string;
const exits: VmExit[] = [];

beforeAll(async () => {
  const built = await ensureDefaultVmImage({ log });
  image = built.images[0]!;
  // A quicker watchdog than the default (~90 s), so the wedged-guest test below is short.
  engine = await startVmEngine({ imageDir: built.dir, log, watchdog: { everyMs: 2000, pingMs: 4000, misses: 4 } });
  engine.onExit((exit) => exits.push(exit));
}, 900_000);

afterAll(async () => {
  await engine?.close();
}, 60_000);

interface RunResult {
  code: number;
  output: string;
}

/** Runs `sh -c script` in a fresh container in the guest, as a lab host is made. */
async function runInGuest(props: { script: string; hostConfig?: Dockerode.HostConfig }): Promise<RunResult> {
  const { docker } = engine;
  const container = await docker.createContainer({
    Image: image,
    Cmd: ['sh', '-c', props.script],
    Tty: true,
    Labels: { 'opslab.test': 'vm' },
    HostConfig: { CapDrop: ['ALL'], CapAdd: ['NET_ADMIN', 'NET_RAW'], ...props.hostConfig },
  });
  try {
    await container.start();
    const { StatusCode } = (await container.wait()) as { StatusCode: number };
    const logs = await container.logs({ stdout: true, stderr: true, follow: false });
    return { code: StatusCode, output: Buffer.isBuffer(logs) ? logs.toString('utf8') : String(logs) };
  } finally {
    await container.remove({ force: true });
  }
}

/** One GET on the forwarded port, plain or TLS: what came back ("HTTP 200: {...}"), or the error. */
function getOnPort(props: { port: number; path: string; tls?: { cert?: string; key?: string } }): Promise<string> {
  const { port, path, tls } = props;
  return new Promise((resolve) => {
    const options = { host: '127.0.0.1', port, path, timeout: 10_000 };
    const req = tls ? httpsRequest({ ...options, rejectUnauthorized: false, cert: tls.cert, key: tls.key }) : httpRequest(options);
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve(`HTTP ${res.statusCode}: ${body}`));
      res.on('error', (e) => resolve(`error after HTTP ${res.statusCode}: ${e.message}`));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve(`error: ${e.message}`));
    req.end();
  });
}

describe('vm engine (QEMU)', () => {
  it('boots a kernel with the modules labs need, and its Docker answers', async () => {
    expect(engine.kind).toBe('vm');
    expect(await engine.ping()).toBe(true);
    const [info, version] = await Promise.all([engine.docker.info(), engine.docker.version()]);
    expect(info.KernelVersion).toBe(engine.manifest.kernelRelease);
    expect(version.ApiVersion).toMatch(/^1\.\d+$/);
    expect((info.SecurityOptions as string[]).join(' ')).toMatch(/name=userns/);
    const tags = (await engine.docker.listImages()).flatMap((i) => i.RepoTags ?? []);
    expect(tags).toContain(image);
  });

  it('runs IPVS in a container with NET_ADMIN', async () => {
    const result = await runInGuest({ script: 'ipvsadm -A -t 10.0.0.1:80 -s rr && ipvsadm -Ln' });
    expect(result.output).toMatch(/TCP\s+10\.0\.0\.1:80 rr/);
    expect(result.code).toBe(0);
  }, 120_000);

  it('lets a container write its own net sysctls but not kernel-wide ones', async () => {
    const result = await runInGuest({
      hostConfig: { ReadonlyPaths: [...UNCONFINED_SYS_READONLY_PATHS] },
      script: [
        'echo 1 > /proc/sys/net/ipv4/conf/all/arp_ignore && echo "arp_ignore=$(cat /proc/sys/net/ipv4/conf/all/arp_ignore)"',
        'if (cat /proc/sys/kernel/core_pattern > /proc/sys/kernel/core_pattern) 2>/dev/null; then echo core_pattern=written; else echo core_pattern=refused; fi',
      ].join('\n'),
    });
    expect(result.output).toContain('arp_ignore=1');
    expect(result.output).toContain('core_pattern=refused');
  }, 120_000);

  it('reports every kernel feature (ipvs, ipip, vrrp, netsysctl, ipvsct)', async () => {
    const report = await engine.features();
    for (const f of KERNEL_FEATURES) expect(report[f].ok, `${f}: ${report[f].detail}`).toBe(true);
  }, 120_000);

  it('keeps containers in the guest from reaching the host or the guest engine', async () => {
    // A listener on the host's loopback: QEMU's user network would map it to 10.0.2.2.
    let connections = 0;
    const server: Server = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const hostPort = (server.address() as { port: number }).port;
    try {
      const targets = [`10.0.2.2/${hostPort}`, `10.0.2.2/${engine.port}`, '10.0.2.3/53', `10.0.2.15/${engine.manifest.dockerPort}`];
      const script = targets
        .map((t) => `if timeout 5 bash -c 'echo > /dev/tcp/${t}' 2>/dev/null; then echo "reached ${t}"; else echo "blocked ${t}"; fi`)
        .join('\n');
      const result = await runInGuest({ script });
      for (const t of targets) expect(result.output).toContain(`blocked ${t}`);
      expect(connections).toBe(0);
    } finally {
      server.close();
    }
  }, 120_000);

  it("gives nobody the guest's Docker API on the forwarded port without this boot's client key", async () => {
    // What any local user can try: plain HTTP, TLS without a certificate, TLS with a certificate of their own.
    const plain = await getOnPort({ port: engine.port, path: '/version' });
    const anonymous = await getOnPort({ port: engine.port, path: '/version', tls: {} });
    const stranger = makeVmTls().client;
    const forged = await getOnPort({ port: engine.port, path: '/version', tls: { cert: stranger.certPem, key: stranger.keyPem } });
    for (const answer of [plain, anonymous, forged]) {
      expect(answer).not.toMatch(/ApiVersion|HTTP 200/);
    }
    expect(anonymous).toMatch(/^error/);
    expect(forged).toMatch(/^error/);
    // The engine itself still speaks to its guest.
    expect((await engine.docker.version()).ApiVersion).toMatch(/^1\.\d+$/);
    expect(await engine.ping()).toBe(true);
  });

  it('keeps the guest side of the heartbeat channel and the TLS hand-over out of containers', async () => {
    const result = await runInGuest({
      hostConfig: { ReadonlyPaths: [...UNCONFINED_SYS_READONLY_PATHS] },
      script: [
        'for p in /dev/vport* /dev/virtio-ports /dev/hvc0 /sys/firmware/qemu_fw_cfg; do if [ -e "$p" ]; then echo "visible $p"; fi; done',
        'grep -rl "BEGIN" /run /etc/docker 2>/dev/null | sed "s/^/pem /" || true',
        'echo done',
      ].join('\n'),
    });
    expect(result.output).toContain('done');
    expect(result.output).not.toMatch(/visible|pem /);
  }, 120_000);

  it('keeps the per-boot keys in a private directory, never the client key', async () => {
    const { readdirSync, statSync } = await import('node:fs');
    const { join } = await import('node:path');
    const dir = engine.runDir;
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const files = readdirSync(dir, { recursive: true }) as string[];
    for (const f of files) {
      const st = statSync(join(dir, f));
      if (st.isFile()) expect(st.mode & 0o077, f).toBe(0);
    }
    // The guest has its key by now; the client key lives in this process only.
    expect(files.filter((f) => /key/.test(f))).toEqual([]);
  });

  it('kills a wedged guest: the watchdog names why, and a call waiting on it fails instead of hanging', async () => {
    // SIGSTOP freezes QEMU, guest and forwarded port alike: what a deadlocked guest looks like
    // from outside (its Docker API accepts connections and never answers).
    const deaths: string[] = [];
    engine.onDeath((reason) => deaths.push(reason));
    const died = new Promise<VmExit>((resolve) => engine.onExit(resolve));
    process.kill(engine.pid, 'SIGSTOP');
    const started = Date.now();
    const waiting = engine.docker.listContainers().then(
      () => 'answered',
      () => 'failed',
    );
    const exit = await died;
    expect(await waiting).toBe('failed');
    expect(Date.now() - started).toBeLessThan(40_000);
    expect(exit.expected).toBe(false);
    expect(exit.signal).toBe('SIGKILL');
    expect(deaths).toHaveLength(1);
    // Frozen, the guest stops beating first (4 rounds of 2 s); QMP and Docker stop answering too.
    expect(deaths[0]).toMatch(/^watchdog: the guest sent no heartbeat for \d+ s; QEMU \(pid \d+\) killed$/);
    expect(exits).toHaveLength(1);
    expect(engine.running).toBe(false);
    expect(await engine.ping()).toBe(false);
    // The per-boot keys, sockets and overlay went with it.
    const { existsSync } = await import('node:fs');
    expect(existsSync(engine.runDir)).toBe(false);
  }, 90_000);

  it('kills a guest the lab runtime found stuck (its calls past their deadline while it still answers pings), naming why', async () => {
    // A guest whose kernel holds a lock for good (a network namespace teardown that never ends)
    // still beats and answers pings: only the runtime's deadlines see it, and tell the engine.
    const built = await ensureDefaultVmImage({ log });
    const stuck = await startVmEngine({ imageDir: built.dir, log });
    try {
      expect(await stuck.ping()).toBe(true);
      const deaths: string[] = [];
      stuck.onDeath((reason) => deaths.push(reason));
      const died = new Promise<VmExit>((resolve) => stuck.onExit(resolve));
      stuck.stuck('the vm engine creating host rs1 did not finish within 120 s');
      const exit = await died;
      expect(exit.expected).toBe(false);
      expect(exit.signal).toBe('SIGKILL');
      expect(deaths).toEqual([expect.stringMatching(/^stuck: the vm engine creating host rs1 did not finish within 120 s; QEMU \(pid \d+\) killed$/)]);
      expect(await stuck.ping()).toBe(false);
      stuck.stuck('again'); // a dead engine told again does nothing
      expect(deaths).toHaveLength(1);
    } finally {
      await stuck.close();
    }
  }, 300_000);
});
