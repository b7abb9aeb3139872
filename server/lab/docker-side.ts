// The lab view's side of a Docker engine (runtime.ts LabSideRuntime): a probe container per watched
// host, sharing only that host's network namespace, and one agent per server instance in the
// engine's own network namespace. Neither is a lab host: they carry a role label, no terminal or
// script reaches them, and a lab's removal takes its probes with it (they carry its label).
import { PassThrough } from 'node:stream';
import type { DockerClient } from '../engine/docker.js';
import { engineError } from '../engine/docker.js';
import type { HostRef, LabSideRuntime, SideStream } from './runtime.js';
import { LABELS } from './types.js';

/**
 * What a probe and the agent may do: read netlink, capture (NET_RAW; tcpdump switches to its own
 * user: SETUID, SETGID), read IPVS's table over generic netlink and, for the agent only, set a
 * link down or add a qdisc (NET_ADMIN). Everything else is dropped; the file system is read-only.
 */
const SIDE_CAPS = ['NET_ADMIN', 'NET_RAW', 'SETUID', 'SETGID'];

const sideHostConfig = {
  Privileged: false,
  CapDrop: ['ALL'],
  CapAdd: SIDE_CAPS,
  ReadonlyRootfs: true,
  Memory: 96 * 1024 * 1024,
  MemorySwap: 96 * 1024 * 1024,
  NanoCpus: 250_000_000,
  PidsLimit: 32,
  Tmpfs: { '/tmp': 'size=1m' },
  LogConfig: { Type: 'none', Config: {} },
  RestartPolicy: { Name: 'no' },
  Binds: [],
  Mounts: [],
  Devices: [],
};

/** Never a lab host's name (opslab-<lab>-<host>), whatever the hosts are called. */
export const probeName = (lab: string, host: string) => `opslab-probe-${lab}-${host}`;
const AGENT_MEMORY = 1024 * 1024 * 1024;
export const agentName = (instance: string) => `opslab-agent-${instance}`;

export function dockerSide(docker: DockerClient): LabSideRuntime {
  const mapped = <T>(p: Promise<T>, host?: string): Promise<T> =>
    p.catch((e: unknown) => {
      throw engineError(e, host === undefined ? {} : { host });
    });
  /**
   * A container by name, running: made with `create` when missing, started when stopped. One made
   * for another network namespace (`networkMode` differs: its host was made again) is replaced.
   */
  const running = async (name: string, create: () => Promise<unknown>, networkMode?: string): Promise<string> => {
    const look = () =>
      docker
        .getContainer(name)
        .inspect()
        .catch((e: { statusCode?: number }) => {
          if (e.statusCode === 404) return undefined;
          throw e;
        });
    let info = await look();
    if (info && networkMode && info.HostConfig?.NetworkMode !== networkMode) {
      await docker.getContainer(name).remove({ force: true }).catch(() => {});
      info = await look();
    }
    if (!info) {
      await create().catch((e: { statusCode?: number }) => {
        if (e.statusCode !== 409) throw e; // made meanwhile by another call
      });
      info = await docker.getContainer(name).inspect();
    }
    if (!info.State.Running) {
      await docker
        .getContainer(name)
        .start()
        .catch(async (e: { statusCode?: number }) => {
          if (e.statusCode === 304) return;
          // One that cannot start (its host is gone or stopped) is not left behind, made and idle.
          await docker.getContainer(name).remove({ force: true }).catch(() => {});
          throw e;
        });
    }
    return info.Id;
  };
  const probe = (props: { instance: string; lab: string; host: HostRef; image: string }) =>
    running(probeName(props.lab, props.host.name), () =>
      docker.createContainer({
        name: probeName(props.lab, props.host.name),
        Image: props.image,
        Entrypoint: ['/usr/bin/tini', '--'],
        Cmd: ['sleep', 'infinity'],
        Labels: { [LABELS.managed]: props.instance, [LABELS.lab]: props.lab, [LABELS.host]: props.host.name, [LABELS.role]: 'probe' },
        HostConfig: { ...sideHostConfig, NetworkMode: `container:${props.host.containerId}` },
      }),
      `container:${props.host.containerId}`,
    );
  const agent = (props: { instance: string; image: string }) =>
    running(agentName(props.instance), () =>
      docker.createContainer({
        name: agentName(props.instance),
        Image: props.image,
        Entrypoint: ['/usr/bin/tini', '--'],
        Cmd: ['sleep', 'infinity'],
        Labels: { [LABELS.managed]: props.instance, [LABELS.role]: 'agent' },
        // Engines that remap user namespaces (ours do) refuse the engine's network namespace to a
        // remapped container: the agent opts out. It is the platform's, never a learner's.
        // It serves every watched lab of the instance (one engine reader each, captures, faults):
        // room for a class, not for one lab.
        HostConfig: { ...sideHostConfig, NetworkMode: 'host', UsernsMode: 'host', Memory: AGENT_MEMORY, MemorySwap: AGENT_MEMORY, NanoCpus: 1_000_000_000, PidsLimit: 1024 },
      }),
    );
  return {
    beside: (props) => mapped(probe(props).then((id) => stream(docker, id, props.cmd)), props.host.name),
    prepare: (props) => mapped(probe(props).then(() => agent(props)).then(() => {}), props.host.name),
    onEngine: (props) => mapped(agent(props).then((id) => stream(docker, id, props.cmd))),
    power: (props) =>
      mapped(
        (async () => {
          // The probe shares the host's network namespace, which a stop ends: it goes first, and is made again on next use.
          await docker.getContainer(probeName(props.lab, props.host.name)).remove({ force: true }).catch(() => {});
          const c = docker.getContainer(props.host.containerId);
          await (props.on ? c.start() : c.stop({ t: 1 })).catch((e: { statusCode?: number }) => {
            if (e.statusCode !== 304) throw e; // already as asked
          });
          // The engine said so; wait until its state says so too (under emulation an exit can be
          // late to reach it), killing a host that will not go.
          if (!props.on) await settleStopped(c);
        })(),
        props.host.name,
      ),
    hostMacs: (host) =>
      mapped(
        docker
          .getContainer(host.containerId)
          .inspect()
          .then((i) => Object.values(i.NetworkSettings?.Networks ?? {}).map((n) => (n.MacAddress ?? '').toLowerCase()).filter(Boolean)),
        host.name,
      ),
    bridgeOf: (networkId) =>
      mapped(
        docker
          .getNetwork(networkId)
          .inspect()
          .then((n: { Options?: Record<string, string>; Id: string }) => n.Options?.['com.docker.network.bridge.name'] ?? `br-${n.Id.slice(0, 12)}`),
      ),
    removeAgent: ({ instance }) =>
      docker
        .getContainer(agentName(instance))
        .remove({ force: true })
        .catch(() => {}),
  };
}

async function settleStopped(c: ReturnType<DockerClient['getContainer']>): Promise<void> {
  for (let i = 0; i < 40; i++) {
    const info = await c.inspect();
    if (!info.State.Running) return;
    if (i === 10) await c.kill().catch(() => {});
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the engine still says it runs 10 s after stopping it');
}

/** `cmd` in a running container, its stdout as a stream; stop() cuts the stream and kills the command by a marker. */
async function stream(docker: DockerClient, containerId: string, cmd: string[]): Promise<SideStream> {
  const marker = `opslab-side-${Math.random().toString(36).slice(2, 10)}`;
  const container = docker.getContainer(containerId);
  // The marker is in the environment of the command and of whatever it starts (tcpdump): stop() finds them by it.
  const exec = await container.exec({ Cmd: cmd, Env: [`OPSLAB_SIDE=${marker}`], AttachStdout: true, AttachStderr: true, Tty: false });
  const raw = (await exec.start({ hijack: true, stdin: false })) as NodeJS.ReadableStream & { destroy(): void };
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stderr.resume();
  docker.modem.demuxStream(raw, stdout, stderr);
  const ended = new Promise<number | null>((resolve) => {
    const done = () => {
      stdout.end();
      exec.inspect().then(
        (i) => resolve(i.Running ? null : (i.ExitCode ?? null)),
        () => resolve(null),
      );
    };
    raw.on('end', done);
    raw.on('close', done);
    raw.on('error', done);
  });
  let stopped = false;
  return {
    stdout,
    ended,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      raw.destroy();
      // Docker keeps an exec running after its stream closes: end it by its environment marker.
      const kill = await container
        .exec({ Cmd: ['sh', '-c', `for p in /proc/[0-9]*; do grep -qz '^OPSLAB_SIDE=${marker}$' "$p/environ" 2>/dev/null && kill -9 "\${p#/proc/}"; done; true`], AttachStdout: false, AttachStderr: false })
        .catch(() => undefined);
      // Detached, its answer is an empty response all the same: read it, or its socket stays open
      // (one per stopped stream, and a CLI command that watched a lab never exits).
      const answer = (await kill?.start({ Detach: true }).catch(() => undefined)) as NodeJS.ReadableStream | undefined;
      answer?.resume();
    },
  };
}
