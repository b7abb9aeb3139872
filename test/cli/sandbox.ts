// A place to run `node bin/opslab.js` where anything it does shows: a fresh working directory (with
// a small curriculum, so a command that would write next to one does), empty OPSLAB_DATA and
// OPSLAB_CACHE, FAKE docker/dockerd/apt-get/qemu/debootstrap first on PATH that leave a marker when
// run, and DOCKER_HOST pointing at a FAKE engine socket that counts connections. No real engine is
// reachable from here: DOCKER_HOST wins over the local socket.
import { spawn } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = path.join(ROOT, 'bin/opslab.js');
const CURRICULUM = path.join(ROOT, 'test/fixtures/curricula/good');
const FAKE_TOOLS = ['docker', 'dockerd', 'apt-get', 'apt', 'qemu-system-x86_64', 'qemu-img', 'debootstrap'];

export interface Sandbox {
  root: string;
  cwd: string;
  data: string;
  cache: string;
  /** The FAKE tools write one file each here when run. */
  markers: string;
  env: NodeJS.ProcessEnv;
  /** Connections the FAKE engine socket accepted. */
  engineConnections: () => number;
  /** Everything that is not as the sandbox was made: files created, tools run, engine touched. */
  changes: () => string[];
  close: () => Promise<void>;
}

export async function openSandbox(): Promise<Sandbox> {
  const root = mkdtempSync(path.join(tmpdir(), 'opslab-cli-'));
  const dir = (name: string) => {
    const d = path.join(root, name);
    mkdirSync(d);
    return d;
  };
  const [cwd, data, cache, markers, fakeBin] = ['cwd', 'data', 'cache', 'markers', 'fake-bin'].map(dir) as [string, string, string, string, string];
  cpSync(CURRICULUM, path.join(cwd, 'curricula'), { recursive: true });
  const curriculumFiles = listTree(path.join(cwd, 'curricula'));
  for (const tool of FAKE_TOOLS) {
    const file = path.join(fakeBin, tool);
    writeFileSync(file, `#!/bin/sh\n# FAKE ${tool}: records that it was run, does nothing.\necho "$*" >> '${path.join(markers, tool)}'\nexit 1\n`);
    chmodSync(file, 0o755);
  }
  let connections = 0;
  const socket = path.join(root, 'fake-docker.sock');
  const server: Server = createServer((c) => {
    connections++;
    c.destroy();
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));

  // The test's own environment must not reach the CLI: no OPSLAB_* or DOCKER_* of the caller's.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OPSLAB_') && !k.startsWith('DOCKER_')));
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    PATH: `${fakeBin}:${path.dirname(process.execPath)}:${process.env.PATH ?? ''}`,
    OPSLAB_DATA: data,
    OPSLAB_CACHE: cache,
    DOCKER_HOST: `unix://${socket}`,
  };
  return {
    root,
    cwd,
    data,
    cache,
    markers,
    env,
    engineConnections: () => connections,
    changes: () => [
      ...readdirSync(cwd).filter((f) => f !== 'curricula').map((f) => `created ${f} in the working directory`),
      ...(listTree(path.join(cwd, 'curricula')).join('\n') === curriculumFiles.join('\n') ? [] : ['changed the curriculum']),
      ...readdirSync(data).map((f) => `created ${f} in OPSLAB_DATA`),
      ...readdirSync(cache).map((f) => `created ${f} in OPSLAB_CACHE`),
      ...readdirSync(markers).map((f) => `ran ${f}`),
      ...(connections ? [`connected to the engine ${connections} time(s)`] : []),
    ],
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(root, { recursive: true, force: true });
    },
  };
}

function listTree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** `node bin/opslab.js ...args` in the sandbox; killed after `timeoutMs` (a command that hangs fails). */
export function runCli(sandbox: Sandbox, args: string[], opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: sandbox.cwd, env: { ...sandbox.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs ?? 15_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}

/** Runs `fn` over `items`, at most `limit` at a time (each run is a Node process on a shared machine). */
export async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]!);
      }
    }),
  );
  return results;
}

/**
 * `main(args)` in this process, as if run in the sandbox: its working directory, its environment
 * (PATH with the FAKE tools, DOCKER_HOST at the FAKE engine), stdout and stderr captured. One at a
 * time (it borrows the process's cwd, environment and output); everything is put back after.
 */
export async function runMain(sandbox: Sandbox, args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const { main } = await import('../../server/cli/main.js');
  const cwd = process.cwd();
  const env = { ...process.env };
  const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
  const captured = { stdout: '', stderr: '' };
  const capture = (stream: 'stdout' | 'stderr') =>
    ((chunk: string | Uint8Array) => {
      captured[stream] += chunk.toString();
      return true;
    }) as typeof process.stdout.write;
  const wanted = { ...sandbox.env, ...extraEnv };
  for (const k of Object.keys(process.env)) if (!(k in wanted)) delete process.env[k];
  Object.assign(process.env, wanted);
  process.chdir(sandbox.cwd);
  process.stdout.write = capture('stdout');
  process.stderr.write = capture('stderr');
  try {
    const code = await main(args);
    return { code, ...captured };
  } finally {
    process.stdout.write = writes.stdout;
    process.stderr.write = writes.stderr;
    process.chdir(cwd);
    for (const k of Object.keys(process.env)) if (!(k in env)) delete process.env[k];
    Object.assign(process.env, env);
  }
}
