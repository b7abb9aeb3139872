// A real `opslab serve` process for browser tests: the built web app, a fresh data directory, the
// local engine, a free port. Start it with startServer(), stop it with server.stop().
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let built: Promise<string> | undefined;

/**
 * `vite build` of the web app, once per test process, into a directory of its own: test files run
 * in parallel processes, and two builds emptying the same web/dist would race. A production build
 * (vitest's NODE_ENV=test would give React's development build). Resolves to the directory.
 */
export function buildWeb(): Promise<string> {
  built ??= (async () => {
    const outDir = mkdtempSync(path.join(tmpdir(), 'opslab-web-'));
    process.once('exit', () => rmSync(outDir, { recursive: true, force: true }));
    const vite = path.join(ROOT, 'node_modules/vite/bin/vite.js');
    await run(process.execPath, [vite, 'build', '--config', 'web/vite.config.ts', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'], { NODE_ENV: 'production' });
    return outDir;
  })();
  return built;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  url: string;
  port: number;
  dataDir: string;
  /** Everything the server printed so far (for failure messages). */
  output: () => string;
  stop: () => Promise<void>;
  /** Kill the process with `signal` (a crash with SIGKILL), keeping its data directory. */
  kill: (signal?: NodeJS.Signals) => Promise<void>;
}

export interface ServerOptions {
  curriculum: string;
  /** The built web app to serve (buildWeb()'s directory); none when omitted. */
  webDir?: string;
  env?: Record<string, string>;
  /** How long to wait for GET /api/health to answer 200. */
  timeoutMs?: number;
  /** Reuse this data directory (a restart); it is then left in place on stop. */
  dataDir?: string;
  /** Label instance of the server's labs (a restarted server passes the same one); e2e-PORT by default. */
  instance?: string;
  port?: number;
}

/**
 * Starts `opslab serve`. With OPSLAB_E2E_URL set, uses that already running server instead (for
 * example `npm run dev:web` in front of a server you started), and stop() leaves it running.
 */
export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const external = process.env.OPSLAB_E2E_URL;
  if (external) {
    const url = new URL(external);
    return { url: url.origin, port: Number(url.port), dataDir: '', output: () => '', stop: async () => {}, kill: async () => {} };
  }
  const port = opts.port ?? (await freePort());
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(tmpdir(), 'opslab-e2e-'));
  const child = spawn(process.execPath, ['bin/opslab.js', 'serve', '--port', String(port), '--curriculum', opts.curriculum], {
    cwd: ROOT,
    env: { ...process.env, OPSLAB_WEB: opts.webDir ?? path.join(dataDir, 'no-web'), OPSLAB_DATA: dataDir, OPSLAB_ENGINE: 'local', OPSLAB_INSTANCE: opts.instance ?? `e2e-${port}`, OPSLAB_LOG_LEVEL: 'warn', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const keep = Boolean(opts.dataDir);
  const kill = async (signal: NodeJS.Signals = 'SIGKILL') => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
  };
  const server: RunningServer = { url, port, dataDir, output: () => out, stop: () => stop(child, keep ? undefined : dataDir), kill };
  try {
    await waitForHealth(url, child, () => out, opts.timeoutMs ?? 60_000);
  } catch (e) {
    await server.stop();
    throw e;
  }
  return server;
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`opslab serve exited with ${child.exitCode} before it was healthy:\n${output()}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
      last = `${res.status} ${await res.text()}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`opslab serve did not become healthy in ${timeoutMs} ms (last: ${last}):\n${output()}`);
}

async function stop(child: ChildProcess, dataDir: string | undefined): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}

function run(cmd: string, args: string[], env: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(args[0] ?? cmd)} ${args.slice(1).join(' ')} failed (${code}):\n${out}`))));
  });
}
