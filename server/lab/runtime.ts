// The lab runtime: everything a lab needs of its engine, and the only way the lab manager and the
// terminal reach it. Create (a network, a hardened host), exec (the exit code is a result, not an
// exception), open a shell, measure disk use, list what carries our labels, remove a lab. Failures
// come as OpslabErrors (HOST_GONE, ENGINE_DOWN) or as the engine's own error.
// docker-runtime.ts speaks it over the Docker Engine API; test/helpers/fake-runtime.ts is a fake.
import type { Duplex } from 'node:stream';
import type { DiskQuota, HostDiskUse } from './disk.js';
import type { ExecResult } from './scripts.js';

export type { ExecResult } from './scripts.js';

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

export interface NetworkSpec {
  name: string;
  subnet: string;
  gateway: string;
  labels: Record<string, string>;
}

export interface HostSpec {
  name: string;
  hostname: string;
  image: string;
  env: Record<string, string>;
  /** `name:address` lines for /etc/hosts. */
  extraHosts: string[];
  /** In interface order: eth0 first. */
  networks: { id: string; ip: string }[];
  labels: Record<string, string>;
  limits?: HostLimits;
  /** Host config additions decided by the engine's features (e.g. writable net sysctls); never loosens the hardening. */
  hostConfig?: Record<string, unknown>;
}

/** A lab host as the runtime addresses it: its name (for messages) and its container. */
export interface HostRef {
  name: string;
  containerId: string;
}

export interface TerminalSize {
  cols: number;
  rows: number;
}

/** A login shell in a lab host. */
export interface Shell {
  /** Raw TTY bytes out; keystrokes in. */
  stream: Duplex;
  resize(size: TerminalSize): Promise<void>;
  /** The shell's exit code once it ended (null when the engine cannot tell). */
  exitCode(): Promise<number | null>;
  /** SIGHUP to the shell's session (jobs get it as from a closed terminal), SIGKILL to the shell 2 s later. */
  hangup(): Promise<void>;
}

/** A container with our labels, in the fields of Docker's listing that are used (Docker's names). */
export interface ManagedContainer {
  Id: string;
  Labels: Record<string, string>;
  /** 'running', 'exited', ... */
  State: string;
  /** Seconds since the epoch. */
  Created: number;
}

export interface ManagedNetwork {
  Id: string;
  Labels: Record<string, string>;
}

export interface Managed {
  containers: ManagedContainer[];
  networks: ManagedNetwork[];
}

/** A command running beside a lab (its probe) or on its engine (the agent): stdout as it comes. */
export interface SideStream {
  /** The command's stdout (its stderr is dropped). */
  stdout: NodeJS.ReadableStream;
  /** Ends the command: its output is cut and the process is killed. */
  stop(): Promise<void>;
  /** Resolves with the exit code when the command has ended (null when the engine cannot tell). */
  ended: Promise<number | null>;
}

/**
 * What the lab view (server/view) needs of an engine. It reads a lab without entering its hosts: a
 * host's probe is a container of its own that shares only the host's network namespace (the
 * learner's `ps` does not see it); the engine's agent runs in the engine's own network namespace,
 * where the labs' bridges and the engine ends of the hosts' links are. Both are ours, never a
 * learner's: no terminal or script of a lab reaches them.
 */
export interface LabSideRuntime {
  /** Runs `cmd` in the probe of `host` (made on first use, from `image`). */
  beside(props: { instance: string; lab: string; host: HostRef; image: string; cmd: string[] }): Promise<SideStream>;
  /** Makes the probe of `host` (running, idle) ahead of its first use; the agent too. */
  prepare(props: { instance: string; lab: string; host: HostRef; image: string }): Promise<void>;
  /** Runs `cmd` in the engine's agent of this instance (made on first use, from `image`). */
  onEngine(props: { instance: string; image: string; cmd: string[] }): Promise<SideStream>;
  /** Powers a host off (its probe goes with it) or on again. */
  power(props: { instance: string; lab: string; host: HostRef; on: boolean }): Promise<void>;
  /** The MACs the engine gave a host's interfaces (whatever the host did since). */
  hostMacs(host: HostRef): Promise<string[]>;
  /** The engine's bridge device of a lab network. */
  bridgeOf(networkId: string): Promise<string>;
  /** Removes this instance's agent (the probes go with their labs). */
  removeAgent(props: { instance: string }): Promise<void>;
}

export interface LabRuntime {
  /** An internal network of its own for one topology network; `overlaps` when another network on the engine has the subnet. */
  createNetwork(spec: NetworkSpec): Promise<{ id: string } | { overlaps: true; detail?: string }>;
  /** A running, hardened host container; returns its id. */
  createHost(spec: HostSpec): Promise<string>;
  /** Runs `script` with bash as root in the host; a timeout gives exitCode null and timedOut. */
  exec(props: { host: HostRef; script: string; env: Record<string, string>; timeoutMs: number }): Promise<ExecResult>;
  openShell(props: { host: HostRef; env: Record<string, string>; size: TerminalSize }): Promise<Shell>;
  /** What the host wrote to the engine's disk; the count may stop early once over `stopAt`. */
  diskUsage(props: { host: HostRef; stopAt: DiskQuota }): Promise<HostDiskUse>;
  /** Containers and networks with our labels (of one instance, of one lab when given). */
  listManaged(props: { instance: string; lab?: string }): Promise<Managed>;
  /** Removes a lab's containers (killed, not stopped politely) and then its networks. */
  removeLab(props: { instance: string; lab: string }): Promise<void>;
  /** Subnets of every network on the engine (ours or not), so a new lab never overlaps one. */
  subnetsInUse(): Promise<string[]>;
  /** Probes and the engine agent, for the lab view; absent where the runtime has none (a fake). */
  side?: LabSideRuntime;
}
