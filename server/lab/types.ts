// What the lab manager is given and what it keeps. It receives a plain topology (it never imports
// the curriculum) and knows nothing of HTTP.
import type { LabStage } from '../../shared/api.js';
import type { Engine, FeatureReport, KernelFeature } from '../engine/types.js';
import type { DiskQuota } from './disk.js';
import type { HostLimits, LabRuntime } from './runtime.js';
import type { Log } from '../log.js';
import type { ClusterStore } from '../store/types.js';

export interface TopologyNetwork {
  name: string;
  prefix: number;
}

export interface TopologyHost {
  name: string;
  image: string;
  /** network name → host offset */
  networks: Record<string, number>;
}

export interface Topology {
  networks: TopologyNetwork[];
  hosts: TopologyHost[];
  addresses: Record<string, { network: string; offset: number }>;
}

export interface ScriptStep {
  host: string | string[];
  script: string;
}

/** Everything needed to build a lab for an exercise. */
export interface LabBlueprint {
  exercise: string;
  requires: KernelFeature[];
  topology: Topology;
  setup: ScriptStep[];
  /** relative path → contents */
  scripts: Record<string, string>;
}

export type LabState = 'starting' | 'ready' | 'failed' | 'gone';

export interface LabHost {
  name: string;
  containerId: string;
  /** network name → address */
  addresses: Record<string, string>;
}

export interface Lab {
  id: string;
  learner: string;
  /** Client address that started it (per-address capacity); unknown for adopted labs. */
  address?: string;
  exercise: string;
  state: LabState;
  engine: Engine;
  /** How the lab's engine is reached: every call about this lab's hosts and networks goes through it. */
  runtime: LabRuntime;
  /** network name → subnet CIDR, e.g. lan → 10.123.4.0/24 */
  subnets: Record<string, string>;
  /** Docker network ids, in topology order. */
  networkIds: string[];
  hosts: LabHost[];
  /** Variables every shell and script in the lab sees: VIP, DIRECTOR_IP, ... */
  env: Record<string, string>;
  /** Placeholder values for lessons: ip.director, vip, subnet.lan ... */
  values: Record<string, string>;
  log: string[];
  /** What it is doing while starting, or the stage it reached (stages.ts); unset for an adopted lab. */
  stage?: LabStage;
  /** When its current start or reset began (stages.ts beginStart); createdAt when unset. */
  startedAt?: Date;
  error?: { code: string; message: string };
  createdAt: Date;
  lastActive: Date;
  /** Built as a warm lab (pool.ts), whoever has it now: its build time says nothing of a learner's start. */
  warm?: boolean;
  /** Set while a start or a reset is under way; others wait for it. */
  busy?: Promise<void>;
  /** The store row's version this server last wrote or read (servers sharing a store). */
  version?: number;
}

/** Where the lab manager gets engines (server/engine/select.ts: engineSet). */
export interface EnginePicker {
  /** The engine for an exercise that needs `requires`; throws ENGINE_LACKS_FEATURE with the fix. */
  pick(requires: KernelFeature[]): Promise<Engine>;
  /** Every engine that may hold labs (for reconcile and reaping). */
  all(): Engine[];
  /** Every engine that has `requires` and answers (placement chooses); absent: pick's one. */
  candidates?(requires: KernelFeature[]): Promise<Engine[]>;
  /** The engine of that name (a lab row's engine). */
  byId?(id: string): Engine | undefined;
}

/** What the lab manager (manager.ts) is given. */
export interface LabManagerOptions {
  engines: EnginePicker;
  /** How labs on an engine are made and reached (docker-runtime.ts; a fake in tests). */
  runtime: (engine: Engine) => LabRuntime;
  /** Label value that separates several servers (or test runs) sharing one engine. */
  instance?: string;
  pool?: string;
  /** Image reference for a topology image name ("lab") on an engine. */
  resolveImage: (props: { engine: Engine; image: string }) => Promise<string>;
  /** Host config additions for an engine with these features (writable net sysctls ...). */
  hostConfig?: (features: FeatureReport) => Record<string, unknown>;
  /** The current blueprint of an exercise, to adopt labs after a restart; undefined = gone. */
  blueprint?: (exercise: string) => LabBlueprint | undefined;
  /** Exercises that have labs, in curriculum order (which warm labs are kept first: pool.ts). */
  exercises?: () => string[];
  /** Who took a warm lab, as the store remembers it: a restarted server gives the lab back to them. */
  ownerOf?: (labId: string) => Promise<string | undefined>;
  /** Remembers a warm lab's new owner before the lab is handed over (the store); a failure fails the start. */
  claim?: (lab: Lab) => Promise<void>;
  /** Prepended to every script run in a lab (the check helper library). */
  scriptPrelude?: string;
  limits?: HostLimits;
  /** Disk quota of one lab (bytes and inodes); also caps one file (RLIMIT_FSIZE). Default: diskQuotaOf. */
  diskQuota?: DiskQuota;
  /** Caps (capacity.ts); defaults 100, 3 and 20. */
  maxLabs?: number;
  maxLabsPerLearner?: number;
  maxLabsPerAddress?: number;
  /** A ready or failed lab nobody used for this long is destroyed; default IDLE_MS. */
  idleMs?: number;
  setupTimeoutMs?: number;
  /** A build (networks, hosts, setup) still running after this fails and frees its place; default 600 s. */
  buildDeadlineMs?: number;
  /** The server's log; lab lines carry lab, learner, exercise and engine as fields. */
  log?: Log;
  /**
   * Servers sharing one store (lab/shared.ts): labs are rows there, every server reads and writes
   * them, caps are checked there, background work is done by whoever holds its lease. Without it,
   * labs live in this process only (the CLI, tests).
   */
  shared?: SharedLabsOptions;
}

/** What the cluster needs of the store (store/types.ts ClusterStore), and who this server is. */
export interface SharedLabsOptions {
  store: ClusterStore;
  /** This server's name among those sharing the store (OPSLAB_SERVER_ID). */
  server: string;
  /** How other servers reach this one (OPSLAB_ADVERTISE_URL). */
  url: string;
  /** How often it says it is alive (5 s; tests go faster). */
  heartbeatMs?: number;
}

/**
 * Lines a lab's log keeps, the newest: every GET of the lab sends it, and faults and drills (30 a
 * minute from the page, each step of a drill on every check run) add to it for as long as the lab lives.
 */
export const LAB_LOG_LINES = 200;

/** Adds a line to the lab's log, dropping the oldest past LAB_LOG_LINES: the one way lines are added. */
export function appendLabLog(lab: Pick<Lab, 'log'>, line: string): void {
  lab.log.push(line);
  if (lab.log.length > LAB_LOG_LINES) lab.log.splice(0, lab.log.length - LAB_LOG_LINES);
}

/** How long a ready or failed lab may sit unused before the reaper destroys it, by default (OPSLAB_IDLE_MINUTES). */
export const IDLE_MS = 60 * 60_000;

export const LABELS = {
  managed: 'opslab.managed',
  lab: 'opslab.lab',
  learner: 'opslab.learner',
  exercise: 'opslab.exercise',
  host: 'opslab.host',
  network: 'opslab.network',
  subnet: 'opslab.subnet',
  /** What a container is when it is not a lab host: "probe" (a host's, lab view) or "agent" (an engine's). */
  role: 'opslab.role',
} as const;
