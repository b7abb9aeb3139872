// The machine the platform runs on: commands, apt, and a cross-process lock. Used to bring up
// a local Docker engine and to make the base image; nothing here speaks the Docker API.
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OpslabError, type ErrorCode } from '../errors.js';
import type { EngineLog } from './types.js';
import { childEnv, hostPath, settings } from '../config.js';

/** PATH for the tools we start: root's sbin directories are often missing from a user PATH. */
export const SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export const cacheDir = (): string => settings().cacheDir;

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion; its exit code is a result, not an exception. */
export function runCommand(props: {
  cmd: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Each complete output line (stdout and stderr) as it arrives. */
  onLine?: (line: string) => void;
}): Promise<CommandResult> {
  const { cmd, args, onLine } = props;
  const env = childEnv({ PATH: `${hostPath()}:${SYSTEM_PATH}`, ...props.env });
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: string[] = [];
    const err: string[] = [];
    const follow = (sink: string[]) => {
      let pending = '';
      return (chunk: Buffer) => {
        const text = chunk.toString();
        sink.push(text);
        if (!onLine) return;
        const lines = (pending + text).split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) if (line.trim()) onLine(line.trimEnd());
      };
    };
    child.stdout.on('data', follow(out));
    child.stderr.on('data', follow(err));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout: out.join(''), stderr: err.join('') }));
  });
}

/** Absolute path of an executable found in PATH or the system directories, or undefined. */
export function findExecutable(name: string): string | undefined {
  const dirs = `${hostPath()}:${SYSTEM_PATH}`.split(':').filter(Boolean);
  for (const dir of dirs) {
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** Why this machine cannot install packages itself (undefined when it can: root, Debian-like, apt). */
export function cannotInstallReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'this process is not root';
  if (!isDebianLike()) return 'this machine is not Debian or Ubuntu';
  if (!findExecutable('apt-get')) return 'apt-get is missing';
  return undefined;
}

function isDebianLike(): boolean {
  if (!existsSync('/etc/os-release')) return false;
  const text = readFileSync('/etc/os-release', 'utf8');
  const id = /^ID=["']?([^"'\n]*)/m.exec(text)?.[1] ?? '';
  const like = /^ID_LIKE=["']?([^"'\n]*)/m.exec(text)?.[1] ?? '';
  return id === 'debian' || id === 'ubuntu' || like.split(' ').includes('debian');
}

/**
 * `apt-get install -y PACKAGE`; runs `apt-get update` first only when the install fails for lack
 * of package lists. Throws `code` with the fix when the machine cannot install or apt fails.
 */
export async function aptInstall(props: { pkg: string; log: EngineLog; code: ErrorCode; fix: string }): Promise<void> {
  const { pkg, log, code, fix } = props;
  const reason = cannotInstallReason();
  if (reason) throw new OpslabError(code, `${pkg} is not installed and ${reason}. ${fix}`);
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => runCommand({ cmd: 'apt-get', args: ['install', '-y', '--no-install-recommends', pkg], env });
  log(`apt-get install ${pkg}`);
  let result = await install();
  if (result.code !== 0 && /Unable to locate package|has no installation candidate|404\s+Not Found/i.test(result.stderr)) {
    log('apt-get update (package lists are missing or stale)');
    const update = await runCommand({ cmd: 'apt-get', args: ['update'], env });
    if (update.code !== 0) throw aptError({ code, pkg, fix, result: update });
    result = await install();
  }
  if (result.code !== 0) throw aptError({ code, pkg, fix, result });
}

function aptError(props: { code: ErrorCode; pkg: string; fix: string; result: CommandResult }): OpslabError {
  const tail = lastLines(props.result.stderr || props.result.stdout, 5);
  return new OpslabError(props.code, `apt-get could not install ${props.pkg}: ${tail}. ${props.fix}`, {
    details: props.result,
  });
}

export function lastLines(text: string, n: number): string {
  return text.trim().split('\n').slice(-n).join(' | ');
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A zombie answers kill -0 too: a killed dockerd whose parent never reaped it (no init here)
  // must not count as "starting" (measured: `engine up` then waited 60 s for a corpse).
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

export async function readPidFile(path: string): Promise<number | undefined> {
  try {
    const pid = Number.parseInt((await readFile(path, 'utf8')).trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

async function ageMs(path: string): Promise<number> {
  try {
    return Date.now() - (await stat(path)).mtimeMs;
  } catch {
    return 0;
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `fn` while holding a lock shared by every process on this machine (a directory with the
 * holder's pid). A lock whose holder died is taken over. Used so that parallel test files or two
 * CLI runs do not start two dockerds or debootstrap into one directory at once.
 */
export async function withLock<T>(props: { path: string; log?: EngineLog; timeoutMs?: number }, fn: () => Promise<T>): Promise<T> {
  const { path, log, timeoutMs = 15 * 60_000 } = props;
  const deadline = Date.now() + timeoutMs;
  let told = false;
  for (;;) {
    try {
      await mkdir(path, { recursive: false });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        await mkdir(join(path, '..'), { recursive: true });
        continue;
      }
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = await readPidFile(join(path, 'pid'));
      const orphaned = holder === undefined && (await ageMs(path)) > 10_000;
      if (orphaned || (holder !== undefined && !isProcessAlive(holder))) {
        await rm(path, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new OpslabError('INTERNAL', `Timed out waiting for the lock ${path} (held by pid ${holder}).`);
      if (!told) log?.(`waiting for another opslab process (lock ${path})`);
      told = true;
      await sleep(500);
    }
  }
  await writeFile(join(path, 'pid'), String(process.pid));
  try {
    return await fn();
  } finally {
    await rm(path, { recursive: true, force: true });
  }
}
