// The lab runtime (runtime.ts) over the Docker Engine API: with server/engine/docker.ts, the only
// file that speaks it. Everything created carries our labels; the hardening is set at creation
// and nothing a caller passes can loosen it.
import { randomBytes } from 'node:crypto';
import type Dockerode from 'dockerode';
import { isDeadlineError, withDeadline } from '../deadline.js';
import { type DockerClient, engineError } from '../engine/docker.js';
import { LAB_BRIDGE_PREFIX } from '../engine/firewall.js';
import type { Engine } from '../engine/types.js';
import { BIND_FILES, countChangeEntries, type DiskQuota, type HostDiskUse, measureLayer, sumParts } from './disk.js';
import { DEFAULT_LIMITS, type HostSpec, type LabRuntime, type Managed, type NetworkSpec } from './runtime.js';
import { envList, execScript, openShell } from './docker-exec.js';
import { LABELS } from './types.js';

/**
 * Capabilities: Docker's default set minus MKNOD (no device nodes), AUDIT_WRITE and SETFCAP,
 * plus NET_ADMIN (addresses, routes, ipvsadm, sysctls of the lab's own network namespace).
 * Never privileged; SYS_ADMIN, SYS_MODULE and SYS_RAWIO are never given.
 */
const CAP_DROP = ['MKNOD', 'AUDIT_WRITE', 'SETFCAP'];
const CAP_ADD = ['NET_ADMIN', 'NET_RAW'];

/**
 * The longest any one call of the runtime waits for the engine (creating a network or a host,
 * removing a lab, listing, measuring a disk, opening a shell). An LVS lab's host takes a few seconds
 * under emulation; longer than this means the engine is stuck, and the caller gets ENGINE_DOWN
 * instead of waiting forever. Streams (a script's output, a terminal) have bounds of their own.
 */
export const ENGINE_CALL_DEADLINE_MS = 120_000;

/** The runtime of labs on `engine`. Disk use is measured from the engine's files when they are this machine's (local). */
export function dockerRuntime(engine: Pick<Engine, 'docker' | 'kind' | 'stuck'>, opts: { callDeadlineMs?: number } = {}): LabRuntime {
  const { docker } = engine;
  const deadline = opts.callDeadlineMs ?? ENGINE_CALL_DEADLINE_MS;
  /**
   * A call, bounded, failing as runtime.ts promises: about `host` when given (HOST_GONE), else the
   * engine's. `stuck`: a call a working engine always finishes (creating, listing, removing a lab's
   * parts), so one past its deadline tells the engine it is stuck.
   */
  const call = <T>(p: Promise<T>, what: string, about: { host?: string; stuck?: boolean } = {}): Promise<T> =>
    withDeadline(p, deadline, `the ${engine.kind} engine ${what}`).catch((e: unknown) => {
      if (about.stuck && isDeadlineError(e)) engine.stuck?.(e.message);
      throw engineError(e, about.host === undefined ? {} : { host: about.host });
    });
  // A script bounds itself (its timeout, and a grace for each API call around it).
  const exec: LabRuntime['exec'] = ({ host, script, env, timeoutMs }) =>
    execScript({ docker, containerId: host.containerId, script, env, timeoutMs }).catch((e: unknown) => {
      throw engineError(e, { host: host.name });
    });
  return {
    createNetwork: (spec) => call(createNetwork(docker, spec), `creating network ${spec.name}`, { stuck: true }),
    createHost: (spec) => call(createHost(docker, spec), `creating host ${spec.hostname}`, { stuck: true }),
    exec,
    openShell: (props) => call(openShell({ docker, exec, ...props }), `opening a shell on ${props.host.name}`, { host: props.host.name }),
    diskUsage: ({ host, stopAt }) => call(measureHostDisk({ container: docker.getContainer(host.containerId), local: engine.kind === 'local', stopAt }), `measuring ${host.name}'s disk`, { host: host.name }),
    listManaged: (props) => call(listManaged({ docker, ...props }), 'listing our containers and networks', { stuck: true }),
    removeLab: (props) => call(removeLabResources({ docker, ...props }), `removing lab ${props.lab}`, { stuck: true }),
    subnetsInUse: async () => {
      const nets = await call(docker.listNetworks(), 'listing networks', { stuck: true });
      return nets.flatMap((n) => (n.IPAM?.Config ?? []).map((c) => c.Subnet).filter((s): s is string => Boolean(s)));
    },
  };
}

async function createNetwork(docker: DockerClient, spec: NetworkSpec): Promise<{ id: string } | { overlaps: true; detail?: string }> {
  try {
    const net = await docker.createNetwork({
      Name: spec.name,
      Driver: 'bridge',
      Internal: true,
      CheckDuplicate: true,
      IPAM: { Driver: 'default', Config: [{ Subnet: spec.subnet, Gateway: spec.gateway }] },
      Options: {
        'com.docker.network.bridge.enable_ip_masquerade': 'false',
        // The host firewall drops what comes in on these (server/engine/firewall.ts): matching the
        // interface, not the addresses a learner chooses. Docker refuses a second network with the
        // same bridge name, so a clash (1 in 4 billion) fails loudly rather than joining two labs.
        'com.docker.network.bridge.name': `${LAB_BRIDGE_PREFIX}${randomBytes(4).toString('hex')}`,
      },
      Labels: spec.labels,
    });
    return { id: net.id };
  } catch (e) {
    // Another server (or test run) sharing the engine took the subnet after we looked.
    if (/overlaps/i.test((e as Error).message)) return { overlaps: true, detail: (e as Error).message.slice(0, 200) };
    throw e;
  }
}

async function createHost(docker: DockerClient, spec: HostSpec): Promise<string> {
  const limits = spec.limits ?? DEFAULT_LIMITS;
  const [first, ...rest] = spec.networks;
  const container = await docker.createContainer({
    name: spec.name,
    Hostname: spec.hostname,
    Image: spec.image,
    Env: envList(spec.env),
    Labels: spec.labels,
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
      ExtraHosts: spec.extraHosts,
      Dns: ['127.0.0.1'],
      NetworkMode: first ? first.id : 'none',
      RestartPolicy: { Name: 'no' },
      ...spec.hostConfig,
      // Whatever hostConfig says, these stay as they are.
      Binds: [],
      Mounts: [],
      Devices: [],
    },
    NetworkingConfig: first ? { EndpointsConfig: { [first.id]: { IPAMConfig: { IPv4Address: first.ip } } } } : undefined,
  });
  for (const net of rest) {
    await docker.getNetwork(net.id).connect({ Container: container.id, EndpointConfig: { IPAMConfig: { IPv4Address: net.ip } } });
  }
  await container.start();
  return container.id;
}

/**
 * Measures one host (disk.ts says what counts). On the local engine, where this server sees the
 * engine's files, the writable layer is walked by measureLayer; elsewhere (remote and vm engines,
 * or a server that may not read Docker's directory) the Engine API is asked: the layer's size,
 * its list of changes (for inodes) and the bind-mounted files' sizes.
 */
async function measureHostDisk(props: { container: Dockerode.Container; local: boolean; stopAt: DiskQuota }): Promise<HostDiskUse> {
  const { container } = props;
  if (props.local) {
    const info = await container.inspect();
    const files = info as unknown as Record<string, string | undefined>;
    const use = await measureLayer({
      upperDir: (info.GraphDriver?.Data as { UpperDir?: string } | undefined)?.UpperDir,
      bindFiles: Object.fromEntries(BIND_FILES.map(([path, field]) => [path, files[field]])),
      stopAt: props.stopAt,
    });
    if (use) return use;
  }
  // dockerode passes options as the query string: /containers/ID/json?size=true
  const inspect = container.inspect as unknown as (o: { size: boolean }) => Promise<{ SizeRw?: number }>;
  const { SizeRw } = await inspect.call(container, { size: true });
  const parts: Record<string, number> = { 'writable layer': SizeRw ?? -1 };
  // Docker answers -1 (or nothing) when its walk of the layer failed, e.g. on a path longer than
  // 4096 bytes, which a learner can make: a file below it would not count.
  if (SizeRw === undefined || SizeRw < 0) return { bytes: 0, inodes: 0, parts, unmeasurable: 'the engine could not measure its writable layer' };
  let inodes: number;
  try {
    inodes = await countChangeEntries(await changesStream(container), props.stopAt.inodes);
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode !== 500) throw e;
    return { bytes: 0, inodes: 0, parts, unmeasurable: 'the engine could not list its writable layer' };
  }
  for (const [path] of BIND_FILES) {
    const res = (await container.infoArchive({ path })) as NodeJS.ReadableStream & { headers?: Record<string, string | undefined> };
    res.resume();
    const header = res.headers?.['x-docker-container-path-stat'];
    parts[path] = header ? Number((JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as { size?: number }).size ?? 0) : 0;
  }
  return { bytes: sumParts(parts), inodes, parts };
}

/** The container's list of changes as the engine streams it (dockerode's changes() would buffer and parse it whole). */
function changesStream(container: Dockerode.Container): Promise<NodeJS.ReadableStream & { destroy(): void }> {
  return new Promise((resolve, reject) => {
    container.modem.dial(
      { path: `/containers/${container.id}/changes`, method: 'GET', isStream: true, statusCodes: { 200: true, 404: 'no such container', 500: 'server error' } },
      (err: unknown, stream: unknown) => (err ? reject(err) : resolve(stream as NodeJS.ReadableStream & { destroy(): void })),
    );
  });
}

/** Containers and networks with our labels (of one instance, when given). Tests and the CLI use it too. */
export async function listManaged(props: { docker: DockerClient; instance?: string; lab?: string }): Promise<Managed> {
  const label = [`${LABELS.managed}=${props.instance ?? 'default'}`];
  if (props.lab) label.push(`${LABELS.lab}=${props.lab}`);
  const [containers, networks] = await Promise.all([props.docker.listContainers({ all: true, filters: { label } }), props.docker.listNetworks({ filters: { label } })]);
  return {
    containers: containers.map((c) => ({ Id: c.Id, Labels: c.Labels ?? {}, State: c.State, Created: c.Created })),
    networks: networks.map((n) => ({ Id: n.Id, Labels: n.Labels ?? {} })),
  };
}

/** Remove a lab's containers (killed, not stopped politely) and then its networks. */
export async function removeLabResources(props: { docker: DockerClient; instance?: string; lab: string }): Promise<void> {
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
