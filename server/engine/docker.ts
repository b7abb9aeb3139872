// The Docker Engine API client of the engine layer: making a client for an endpoint, what its
// failures mean to the platform (engineError, the one mapping), the engine's facts, image
// operations and the one-shot probe container. With server/lab/runtime.ts (lab networks, hosts,
// exec, shells), the only files that import dockerode; everyone else holds a DockerClient and
// hands it to these two.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Dockerode from 'dockerode';
import { engineDown, OpslabError } from '../errors.js';
import { settings } from '../config.js';

/** A Docker API client, made here, called here and in server/lab/runtime.ts. */
export type DockerClient = Dockerode;

export const LOCAL_SOCKET = '/var/run/docker.sock';

/** A client for the local socket, or for `dockerHost` (unix://, tcp://, ssh://). */
/**
 * A client for `dockerHost` (the local socket when unset). `tlsDir` (an engine of OPSLAB_ENGINES)
 * holds its ca.pem, cert.pem and key.pem: TLS with verification; else DOCKER_TLS_VERIFY and
 * DOCKER_CERT_PATH say, as for the docker CLI.
 */
export function dockerFor(props: { dockerHost?: string; tlsDir?: string }): DockerClient {
  const host = props.dockerHost;
  if (!host) return new Dockerode({ socketPath: LOCAL_SOCKET, host: undefined } as Dockerode.DockerOptions);
  if (host.startsWith('unix://')) return new Dockerode({ socketPath: host.slice('unix://'.length), host: undefined } as Dockerode.DockerOptions);
  const url = new URL(host.includes('//') ? host : `tcp://${host}`);
  if (url.protocol === 'ssh:') {
    return new Dockerode({ protocol: 'ssh', host: url.hostname, port: url.port || 22, username: url.username || undefined } as Dockerode.DockerOptions);
  }
  const tls = props.tlsDir !== undefined || settings().dockerTlsVerify || url.port === '2376';
  const port = url.port || (tls ? 2376 : 2375);
  return new Dockerode({ protocol: tls ? 'https' : 'http', host: url.hostname, port, ...tlsFiles(props.tlsDir) });
}

/** DOCKER_CERT_PATH's ca.pem, cert.pem and key.pem, as the docker CLI reads them. */
function tlsFiles(dir = settings().dockerCertPath): { ca?: Buffer; cert?: Buffer; key?: Buffer } {
  if (!dir) return {};
  const read = (name: string) => readFileSync(join(dir, name));
  return { ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem') };
}

/** A client for an API on 127.0.0.1:`port` over TLS with these PEMs, pinned to `apiVersion` (the vm engine's guest). */
export function dockerOverTls(props: { port: number; ca: string; cert: string; key: string; apiVersion: string }): DockerClient {
  const { port, ca, cert, key, apiVersion } = props;
  return new Dockerode({ protocol: 'https', host: '127.0.0.1', port, ca, cert, key, version: `v${apiVersion}` });
}

/** The unix socket the client talks to, if it talks to one. */
export function socketPathOf(docker: DockerClient): string | undefined {
  const socketPath = (docker.modem as { socketPath?: unknown }).socketPath;
  return typeof socketPath === 'string' ? socketPath : undefined;
}

export async function pingDocker(docker: DockerClient): Promise<boolean> {
  try {
    await docker.ping();
    return true;
  } catch {
    return false;
  }
}

/**
 * What a failed Docker API call means to the platform. About a lab host (`host` given), 404 (no
 * such container) and 409 (not running) are HOST_GONE; an engine that does not answer or is stuck
 * is ENGINE_DOWN; anything else is returned unchanged.
 */
export function engineError(e: unknown, about: { host?: string } = {}): unknown {
  const status = (e as { statusCode?: number } | undefined)?.statusCode;
  if (about.host !== undefined && (status === 404 || status === 409)) {
    return new OpslabError('HOST_GONE', `Host '${about.host}' is not running any more; reset the lab.`, { cause: e });
  }
  return engineDown(e);
}

export interface EngineInfo {
  version: string;
  apiVersion: string;
  kernel: string;
  os: string;
  securityOptions: string[];
}

export async function engineInfo(docker: DockerClient): Promise<EngineInfo> {
  const [info, version] = await Promise.all([docker.info(), docker.version()]);
  return {
    version: version.Version,
    apiVersion: version.ApiVersion,
    kernel: info.KernelVersion ?? version.KernelVersion ?? '?',
    os: info.OperatingSystem ?? '?',
    securityOptions: info.SecurityOptions ?? [],
  };
}

// ---- images ---------------------------------------------------------------------------------

export async function imageExists(docker: DockerClient, name: string): Promise<boolean> {
  return (await imageId(docker, name)) !== undefined;
}

/** The id of the image `ref` names, undefined when there is none. */
export async function imageId(docker: DockerClient, ref: string): Promise<string | undefined> {
  try {
    return (await docker.getImage(ref).inspect()).Id;
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) return undefined;
    throw new OpslabError('ENGINE_DOWN', `Cannot inspect image ${ref}: ${String(e)}`, { cause: e });
  }
}

export async function tagImage(docker: DockerClient, props: { source: string; repo: string; tag: string }): Promise<void> {
  await docker.getImage(props.source).tag({ repo: props.repo, tag: props.tag });
}

/** `docker build` of a tar context as `tag`; build output goes to `log` a line at a time. */
export async function buildImage(props: {
  docker: DockerClient;
  context: NodeJS.ReadableStream;
  tag: string;
  buildargs?: Record<string, string>;
  labels: Record<string, string>;
  log: (line: string) => void;
}): Promise<void> {
  const { docker, tag } = props;
  const options = { t: tag, rm: true, forcerm: true, labels: props.labels, ...(props.buildargs ? { buildargs: props.buildargs } : {}) };
  const stream = await docker.buildImage(props.context, options);
  await followProgress({ docker, stream, log: props.log });
  if (!(await imageExists(docker, tag))) throw new OpslabError('IMAGE_MISSING', `docker build finished without producing ${tag}.`);
}

/** `docker import` of a root filesystem tarball as `repo:tag`. */
export async function importImage(props: { docker: DockerClient; tarball: NodeJS.ReadableStream; repo: string; tag: string; changes: string[]; message: string }): Promise<void> {
  const { docker, repo, tag, changes, message } = props;
  const stream = await docker.importImage(props.tarball, { repo, tag, changes, message } as object);
  await followProgress({ docker, stream, log: () => {} });
}

interface ProgressEvent {
  stream?: string;
  status?: string;
  error?: string;
  errorDetail?: { message?: string };
}

/** Follows a build/import/pull progress stream to its end; an error event rejects. */
function followProgress(props: { docker: DockerClient; stream: NodeJS.ReadableStream; log: (line: string) => void }): Promise<void> {
  const { docker, stream, log } = props;
  const recent: string[] = [];
  return new Promise((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (err: Error | null, events: ProgressEvent[]) => {
        const failed = err ?? events.find((e) => e.error);
        if (!failed) return resolve();
        const message = failed instanceof Error ? failed.message : (failed.errorDetail?.message ?? failed.error);
        reject(new OpslabError('IMAGE_MISSING', `Image build failed: ${message}. Last output: ${recent.join(' | ')}`));
      },
      (event: ProgressEvent) => {
        const text = event.stream ?? event.status ?? '';
        for (const line of text.split('\n')) {
          const clean = line.replace(/\x1b\[[0-9;]*m/g, '').trimEnd();
          if (!clean.trim()) continue;
          recent.push(clean);
          if (recent.length > 8) recent.shift();
          log(clean);
        }
      },
    );
  });
}

// ---- the probe container --------------------------------------------------------------------

/**
 * Runs `script` with sh in a short-lived container with exactly the rights a lab host gets
 * (capabilities: none but NET_ADMIN and NET_RAW; no network), and returns what it printed.
 */
export async function runProbeContainer(props: {
  docker: DockerClient;
  image: string;
  script: string;
  env: string[];
  /** HostConfig.ReadonlyPaths (a writable /proc/sys), when given. */
  readonlyPaths?: string[];
  timeoutMs: number;
}): Promise<string> {
  const { docker, image } = props;
  const container = await docker
    .createContainer({
      Image: image,
      Entrypoint: ['sh', '-c', props.script],
      Env: props.env,
      Tty: true,
      Labels: { 'opslab.probe': 'features' },
      NetworkDisabled: true,
      HostConfig: {
        NetworkMode: 'none',
        CapDrop: ['ALL'],
        CapAdd: ['NET_ADMIN', 'NET_RAW'],
        ...(props.readonlyPaths ? { ReadonlyPaths: props.readonlyPaths } : {}),
        Memory: 128 * 1024 * 1024,
        PidsLimit: 64,
      },
    })
    .catch((e: unknown) => {
      throw new OpslabError('IMAGE_MISSING', `Cannot create the feature probe from ${image}: ${String(e)}. Run \`opslab engine up\`.`, { cause: e });
    });
  try {
    await container.start();
    const waited = await Promise.race([container.wait(), timeout(props.timeoutMs)]);
    if (waited === 'timeout') throw new OpslabError('ENGINE_DOWN', `The kernel feature probe did not finish within ${props.timeoutMs / 1000} s.`);
    const logs = await container.logs({ stdout: true, stderr: true, follow: false });
    return Buffer.isBuffer(logs) ? logs.toString('utf8') : String(logs);
  } finally {
    await container.remove({ force: true }).catch(() => {});
  }
}

function timeout(ms: number): Promise<'timeout'> {
  return new Promise((resolve) => setTimeout(() => resolve('timeout'), ms).unref());
}
