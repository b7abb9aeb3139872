// The `local` and `remote` engines: a Docker engine on this machine (started here when none
// answers) or any DOCKER_HOST. server/engine/connect.ts is the entry point for every kind.
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { OpslabError } from '../errors.js';
import { type DockerClient, dockerFor, LOCAL_SOCKET, pingDocker } from './docker.js';
import { aptInstall, findExecutable, isProcessAlive, lastLines, readPidFile, sleep, SYSTEM_PATH, withLock } from './host.js';
import { findLabImage } from './images.js';
import { probeFeatures } from './probe.js';
import type { Engine, EngineKind, EngineLog, FeatureReport } from './types.js';
import { childEnv, hostPath, settings } from '../config.js';

/** Files of the dockerd that opslab starts itself. */
export const DOCKERD_PID_FILE = '/run/opslab-dockerd.pid';
export const DOCKERD_LOG_FILE = '/var/log/opslab-dockerd.log';
/**
 * Flags of the dockerd that opslab starts. userns-remap makes container root an unprivileged
 * host uid, which is what lets labs get `systempaths=unconfined` (writable net sysctls) safely.
 */
export const DOCKERD_ARGS = ['--userns-remap=default', '--pidfile', DOCKERD_PID_FILE];
const START_TIMEOUT_MS = 60_000;

const FIX = 'Start a Docker engine yourself (as root: `dockerd --userns-remap=default &`) or set DOCKER_HOST to one, then run `opslab engine up` again.';

export interface LocalEngineInfo {
  /** "unix:///var/run/docker.sock" or the DOCKER_HOST in use. */
  endpoint: string;
  /** True when this call started dockerd. */
  started: boolean;
}

/**
 * Makes sure a Docker engine answers: DOCKER_HOST when set, else the local socket; when neither
 * answers and this is Debian as root, installs docker.io if needed and starts
 * `dockerd --userns-remap=default` detached (pid and log files above). Idempotent and safe to
 * call from several processes at once. Throws ENGINE_DOWN with the fix otherwise.
 */
export async function ensureLocalEngine(props: { log?: EngineLog } = {}): Promise<LocalEngineInfo> {
  const log = props.log ?? (() => {});
  const remote = remoteDockerHost();
  if (remote) {
    if (await pingDocker(dockerFor({ dockerHost: remote }))) return { endpoint: remote, started: false };
    throw new OpslabError('ENGINE_DOWN', `DOCKER_HOST=${remote} does not answer. Start that engine, or unset DOCKER_HOST to use a local one.`);
  }
  const docker = dockerFor({});
  const endpoint = `unix://${LOCAL_SOCKET}`;
  raiseKeyQuotas(log);
  if (await pingDocker(docker)) return { endpoint, started: false };
  if (!findExecutable('dockerd')) {
    await aptInstall({ pkg: 'docker.io', log, code: 'ENGINE_DOWN', fix: FIX });
  }
  const started = await withLock({ path: '/run/opslab-dockerd.lock', log }, () => startDockerd({ docker, log }));
  return { endpoint, started };
}

/**
 * runc gives every container a session keyring, and with userns-remap every container's root is
 * the same host uid, whose key quota (kernel.keys.maxkeys, default 200) then caps the engine at
 * about 200 containers ("unable to create session key: disk quota exceeded", measured: the 51st
 * 4-host lab). Raise it where we may; a machine that refuses keeps its limit.
 */
function raiseKeyQuotas(log: EngineLog): void {
  const want: [string, number][] = [['/proc/sys/kernel/keys/maxkeys', 20_000], ['/proc/sys/kernel/keys/maxbytes', 4_000_000]];
  for (const [file, value] of want) {
    try {
      if (Number(readFileSync(file, 'utf8')) < value) {
        writeFileSync(file, String(value));
        log(`raised ${file.replace('/proc/sys/', '').replace(/\//g, '.')} to ${value}`);
      }
    } catch (e) {
      log(`could not raise ${file}: ${(e as Error).message}`);
    }
  }
}

/** DOCKER_HOST when it names something other than the local socket. */
function remoteDockerHost(): string | undefined {
  const host = settings().dockerHost;
  if (!host || host === `unix://${LOCAL_SOCKET}` || host === 'unix:///run/docker.sock') return undefined;
  return host;
}

async function startDockerd(props: { docker: DockerClient; log: EngineLog }): Promise<boolean> {
  const { docker, log } = props;
  if (await pingDocker(docker)) return false; // another process started it while we waited
  const pid = await readPidFile(DOCKERD_PID_FILE);
  let started = false;
  if (pid !== undefined && isProcessAlive(pid)) {
    log(`dockerd (pid ${pid}) is starting; waiting for it`);
  } else {
    const dockerd = findExecutable('dockerd');
    if (!dockerd) throw new OpslabError('ENGINE_DOWN', `dockerd is not installed. ${FIX}`);
    // A pid file left by a dockerd that was killed makes the next one refuse to start, and the
    // containerd it ran survives it and keeps the socket the next dockerd wants for its own.
    if (pid !== undefined) rmSync(DOCKERD_PID_FILE, { force: true });
    await stopOrphanContainerd(log);
    log(`starting ${dockerd} ${DOCKERD_ARGS.join(' ')} (log: ${DOCKERD_LOG_FILE})`);
    spawnDetached({ cmd: dockerd, args: DOCKERD_ARGS, logFile: DOCKERD_LOG_FILE });
    started = true;
  }
  await waitForDocker({ docker, timeoutMs: START_TIMEOUT_MS });
  return started;
}

const MANAGED_CONTAINERD_PID = '/var/run/docker/containerd/containerd.pid';

async function stopOrphanContainerd(log: EngineLog): Promise<void> {
  const pid = await readPidFile(MANAGED_CONTAINERD_PID);
  if (pid === undefined) return;
  if (!isProcessAlive(pid)) {
    // Dead, or a zombie nobody reaps (no init here): the next dockerd checks the pid with kill -0,
    // which a zombie answers, takes it for "containerd is still running", and waits 60 s for its
    // socket (measured after `kill -9` of dockerd). Without the file it starts its own.
    rmSync(MANAGED_CONTAINERD_PID, { force: true });
    return;
  }
  log(`stopping containerd (pid ${pid}) left by a dockerd that died`);
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 50 && isProcessAlive(pid); i++) await sleep(100);
  if (isProcessAlive(pid)) process.kill(pid, 'SIGKILL');
  rmSync(MANAGED_CONTAINERD_PID, { force: true });
}

function spawnDetached(props: { cmd: string; args: string[]; logFile: string }): void {
  mkdirSync(dirname(props.logFile), { recursive: true });
  const fd = openSync(props.logFile, 'a');
  try {
    const child = spawn(props.cmd, props.args, {
      detached: true,
      stdio: ['ignore', fd, fd],
      env: childEnv({ PATH: `${SYSTEM_PATH}:${hostPath()}` }),
    });
    child.on('error', () => {}); // reported by waitForDocker's timeout, with the log tail
    child.unref();
  } finally {
    closeSync(fd);
  }
}

async function waitForDocker(props: { docker: DockerClient; timeoutMs: number }): Promise<void> {
  const deadline = Date.now() + props.timeoutMs;
  while (Date.now() < deadline) {
    if (await pingDocker(props.docker)) return;
    await sleep(250);
  }
  const tail = await readFile(DOCKERD_LOG_FILE, 'utf8').then((t) => lastLines(t, 5), () => '(no log)');
  throw new OpslabError('ENGINE_DOWN', `dockerd did not answer within ${props.timeoutMs / 1000} s. Last lines of ${DOCKERD_LOG_FILE}: ${tail}. ${FIX}`);
}

/** The engine at the local socket (or a local-socket DOCKER_HOST); does not start anything. */
export function createLocalEngine(): Engine {
  const remote = remoteDockerHost();
  if (remote) return dockerEngine({ kind: 'remote', description: `remote (${remote})`, docker: dockerFor({ dockerHost: remote }) });
  return dockerEngine({ kind: 'local', description: `local (${LOCAL_SOCKET})`, docker: dockerFor({}) });
}

/** The engine at `dockerHost` (default: DOCKER_HOST), once it answers. */
export async function connectRemoteEngine(opts: { dockerHost?: string }): Promise<Engine> {
  const host = opts.dockerHost ?? settings().dockerHost;
  if (!host) throw new OpslabError('ENGINE_DOWN', 'The remote engine needs DOCKER_HOST (tcp://HOST:2376 with TLS, or ssh://user@HOST).');
  const engine = dockerEngine({ kind: 'remote', description: `remote (${host})`, docker: dockerFor({ dockerHost: host }) });
  if (!(await engine.ping())) throw new OpslabError('ENGINE_DOWN', `The Docker engine at ${host} does not answer. Check that it runs and that DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH are right.`);
  return engine;
}

/**
 * An Engine over a dockerode client. features() probes once with the lab image (it must be
 * built: `opslab engine up`) and caches the report.
 */
export function dockerEngine(props: { kind: EngineKind; description: string; docker: DockerClient }): Engine {
  const { kind, description, docker } = props;
  let report: Promise<FeatureReport> | undefined;
  return {
    kind,
    description,
    docker,
    features() {
      report ??= findLabImage({ docker }).then((image) => probeFeatures(docker, image));
      report.catch(() => (report = undefined)); // a failed probe is retried next time
      return report;
    },
    ping: () => pingDocker(docker),
    close: async () => {},
  };
}
