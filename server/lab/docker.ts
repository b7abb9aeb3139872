// The narrow runtime over the Docker Engine API: networks, hosts, exec, removal, listing.
// Everything created carries our labels; hardening is set at creation.
import type Dockerode from 'dockerode';
import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { LAB_BRIDGE_PREFIX } from '../engine/firewall.js';
import { withDeadline } from '../deadline.js';
import { LABELS } from './types.js';

export interface HostLimits {
  memoryBytes: number;
  nanoCpus: number;
  pids: number;
  nofile: number;
  /** Largest file a process in the lab may write (RLIMIT_FSIZE); the lab manager sets the lab's disk quota. */
  fileBytes?: number;
}

export const DEFAULT_LIMITS: HostLimits = {
  memoryBytes: 256 * 1024 * 1024,
  nanoCpus: 500_000_000,
  pids: 512,
  nofile: 4096,
};

/**
 * Capabilities: Docker's default set minus MKNOD (no device nodes), AUDIT_WRITE and SETFCAP,
 * plus NET_ADMIN (addresses, routes, ipvsadm, sysctls of the lab's own network namespace).
 * Never privileged; SYS_ADMIN, SYS_MODULE and SYS_RAWIO are never given.
 */
export const CAP_DROP = ['MKNOD', 'AUDIT_WRITE', 'SETFCAP'];
export const CAP_ADD = ['NET_ADMIN', 'NET_RAW'];

export async function createLabNetwork(props: {
  docker: Dockerode;
  name: string;
  subnet: string;
  gateway: string;
  labels: Record<string, string>;
}): Promise<string> {
  const net = await props.docker.createNetwork({
    Name: props.name,
    Driver: 'bridge',
    Internal: true,
    CheckDuplicate: true,
    IPAM: { Driver: 'default', Config: [{ Subnet: props.subnet, Gateway: props.gateway }] },
    Options: {
      'com.docker.network.bridge.enable_ip_masquerade': 'false',
      // The host firewall drops what comes in on these (server/engine/firewall.ts): matching the
      // interface, not the addresses a learner chooses. Docker refuses a second network with the
      // same bridge name, so a clash (1 in 4 billion) fails loudly rather than joining two labs.
      'com.docker.network.bridge.name': `${LAB_BRIDGE_PREFIX}${randomBytes(4).toString('hex')}`,
    },
    Labels: props.labels,
  });
  return net.id;
}

export async function createHostContainer(props: {
  docker: Dockerode;
  name: string;
  hostname: string;
  image: string;
  env: Record<string, string>;
  extraHosts: string[];
  /** In interface order: eth0 first. */
  networks: { id: string; ip: string }[];
  labels: Record<string, string>;
  limits?: HostLimits;
  /** Host config additions decided by the engine's features (e.g. writable net sysctls). */
  hostConfig?: Dockerode.HostConfig;
}): Promise<string> {
  const limits = props.limits ?? DEFAULT_LIMITS;
  const [first, ...rest] = props.networks;
  const container = await props.docker.createContainer({
    name: props.name,
    Hostname: props.hostname,
    Image: props.image,
    Env: Object.entries(props.env).map(([k, v]) => `${k}=${v}`),
    Labels: props.labels,
    Tty: false,
    OpenStdin: false,
    StopTimeout: 1,
    HostConfig: {
      Privileged: false,
      CapDrop: CAP_DROP,
      CapAdd: CAP_ADD,
      Memory: limits.memoryBytes,
      MemorySwap: limits.memoryBytes,
      NanoCpus: limits.nanoCpus,
      PidsLimit: limits.pids,
      // fsize: the disk guard measures every few seconds; between two rounds no single file (the
      // bind-mounted /etc/hosts included) can outgrow the whole quota. Raising a hard limit needs
      // CAP_SYS_RESOURCE, which labs lack. /dev/shm is tmpfs, charged to the memory limit.
      Ulimits: [
        { Name: 'nofile', Soft: limits.nofile, Hard: limits.nofile },
        ...(limits.fileBytes ? [{ Name: 'fsize', Soft: limits.fileBytes, Hard: limits.fileBytes }] : []),
      ],
      ShmSize: 64 * 1024 * 1024,
      LogConfig: { Type: 'json-file', Config: { 'max-size': '1m', 'max-file': '1' } },
      ExtraHosts: props.extraHosts,
      Dns: ['127.0.0.1'],
      NetworkMode: first ? first.id : 'none',
      RestartPolicy: { Name: 'no' },
      ...props.hostConfig,
      // Whatever hostConfig says, these stay as they are.
      Binds: [],
      Mounts: [],
      Devices: [],
    },
    NetworkingConfig: first ? { EndpointsConfig: { [first.id]: { IPAMConfig: { IPv4Address: first.ip } } } } : undefined,
  });
  for (const net of rest) {
    await props.docker.getNetwork(net.id).connect({ Container: container.id, EndpointConfig: { IPAMConfig: { IPv4Address: net.ip } } });
  }
  await container.start();
  return container.id;
}

export interface ExecResult {
  exitCode: number | null;
  stdout: string;
  /** stdout and stderr interleaved as they came. */
  output: string;
  timedOut: boolean;
  durationMs: number;
}

const OUTPUT_CAP = 64 * 1024;

/** Keeps the last `cap` characters of a stream, so a check printing 100 MB costs 64 KB. */
class Tail {
  private text = '';
  truncated = false;
  constructor(private readonly cap = OUTPUT_CAP) {}
  push(chunk: string) {
    this.text += chunk;
    if (this.text.length > this.cap * 2) {
      this.text = this.text.slice(-this.cap);
      this.truncated = true;
    }
  }
  toString() {
    const t = this.text.length > this.cap ? this.text.slice(-this.cap) : this.text;
    return this.truncated || this.text.length > this.cap ? `[… earlier output cut]\n${t}` : t;
  }
}

/**
 * How a script runs in a lab: bash reads the whole script from stdin into a variable, points its
 * stdin at /dev/null, and evaluates the text in the same process.
 * - /dev/null: a command that reads stdin (ssh, read, ansible) would otherwise swallow the rest of
 *   the script, and bash would exit 0 as if the script had passed.
 * - eval, not `bash -c "$script"`: the text never becomes an argument (nor an environment
 *   variable), so `ps` and /proc/PID/cmdline in the lab show `bash -c <these lines>` and no check.
 *   The variable is unset before the first line runs; it stays in this bash's memory only, which
 *   a root learner of the same lab can still read by tracing it (see docs/security.md).
 * - all on one line, so bash's "line N" in an error is line N of the script.
 */
const RUN_FROM_STDIN = '__opslab_script=$(cat) || exit 125; exec </dev/null; eval "unset __opslab_script; $__opslab_script"';

/**
 * Run `script` with bash inside a container, as root, with `env` set. The script goes in on the
 * exec's stdin (RUN_FROM_STDIN), so nothing in the lab can read or change it before it runs. The exit code is a result, not an
 * exception; a timeout gives exitCode null and timedOut.
 */
export async function execScript(props: {
  docker: Dockerode;
  containerId: string;
  script: string;
  env: Record<string, string>;
  timeoutMs: number;
}): Promise<ExecResult> {
  const started = Date.now();
  const seconds = Math.max(1, Math.ceil(props.timeoutMs / 1000));
  // The API calls around the script (create, start, inspect) get a bounded grace of their own: an
  // engine that stops answering turns into an error here, never into a caller waiting forever.
  const api = <T>(p: Promise<T>, what: string) => withDeadline(p, EXEC_API_GRACE_MS, `the engine's ${what} for a script in container ${props.containerId.slice(0, 12)}`);
  const exec = await api(
    props.docker.getContainer(props.containerId).exec({
      // The in-lab timeout kills the script; the timer below also gives up on daemons it left holding stdout.
      Cmd: ['timeout', '-s', 'KILL', String(seconds + 1), 'bash', '-c', RUN_FROM_STDIN, 'opslab-script'],
      Env: Object.entries(props.env).map(([k, v]) => `${k}=${v}`),
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
      User: 'root',
      WorkingDir: '/root',
    }),
    'exec create',
  );
  const stream = (await api(exec.start({ hijack: true, stdin: true }), 'exec start')) as NodeJS.ReadWriteStream & { destroy(): void };
  const stdout = new Tail();
  const output = new Tail();
  const out = new PassThrough();
  const err = new PassThrough();
  out.on('data', (d: Buffer) => {
    stdout.push(d.toString('utf8'));
    output.push(d.toString('utf8'));
  });
  err.on('data', (d: Buffer) => output.push(d.toString('utf8')));
  props.docker.modem.demuxStream(stream, out, err);

  const timedOut = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => {
      stream.destroy();
      resolve(true);
    }, props.timeoutMs);
    const done = () => {
      clearTimeout(timer);
      resolve(false);
    };
    stream.on('end', done);
    stream.on('close', done);
    stream.on('error', done);
    stream.write(props.script.endsWith('\n') ? props.script : props.script + '\n');
    stream.end();
  });
  let exitCode: number | null = null;
  if (!timedOut) {
    const info = await api(exec.inspect(), 'exec inspect');
    exitCode = info.ExitCode ?? null;
    if (exitCode === 137 && Date.now() - started >= seconds * 1000) {
      return { exitCode: null, stdout: stdout.toString(), output: output.toString(), timedOut: true, durationMs: Date.now() - started };
    }
  }
  return { exitCode, stdout: stdout.toString(), output: output.toString(), timedOut, durationMs: Date.now() - started };
}

/** How long one Docker API call around a script may take before the engine counts as stuck. */
export const EXEC_API_GRACE_MS = 60_000;

export interface Managed {
  containers: Dockerode.ContainerInfo[];
  networks: Dockerode.NetworkInspectInfo[];
}

/** Containers and networks with our labels (of one instance, when given). */
export async function listManaged(props: { docker: Dockerode; instance?: string; lab?: string }): Promise<Managed> {
  const label = [`${LABELS.managed}=${props.instance ?? 'default'}`];
  if (props.lab) label.push(`${LABELS.lab}=${props.lab}`);
  const [containers, networks] = await Promise.all([
    props.docker.listContainers({ all: true, filters: { label } }),
    props.docker.listNetworks({ filters: { label } }),
  ]);
  return { containers, networks };
}

/** Remove a lab's containers (killed, not stopped politely) and then its networks. */
export async function removeLabResources(props: { docker: Dockerode; instance?: string; lab: string }): Promise<void> {
  const { containers, networks } = await listManaged(props);
  await Promise.all(
    containers.map((c) =>
      props.docker
        .getContainer(c.Id)
        .remove({ force: true, v: true })
        .catch((e: { statusCode?: number }) => {
          if (e.statusCode !== 404 && e.statusCode !== 409) throw e;
        }),
    ),
  );
  for (const n of networks) {
    // Docker may still be releasing the endpoints of containers just removed ("has active endpoints").
    for (let attempt = 1; ; attempt++) {
      try {
        await props.docker.getNetwork(n.Id).remove();
        break;
      } catch (e) {
        const status = (e as { statusCode?: number }).statusCode;
        if (status === 404) break;
        if (status !== 403 || attempt >= 10) throw e;
        await new Promise((r) => setTimeout(r, 300));
      }
    }
  }
}

/** Subnets of every network on the engine (ours or not), so a new lab never overlaps one. */
export async function subnetsInUse(docker: Dockerode): Promise<string[]> {
  const nets = await docker.listNetworks();
  return nets.flatMap((n) => (n.IPAM?.Config ?? []).map((c) => c.Subnet).filter((s): s is string => Boolean(s)));
}
