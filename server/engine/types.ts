// What the rest of the platform knows about an engine: a Docker API endpoint and the kernel
// features that labs on it can use. The client is made and called in server/engine/docker.ts and
// server/lab/docker-runtime.ts only; everyone else hands it on.
import type { DockerClient } from './docker.js';
import type { Log } from '../log.js';

/** Kernel features an exercise can require (exercise.yaml `requires`). */
export const KERNEL_FEATURES = ['ipvs', 'ipip', 'vrrp', 'netsysctl', 'ipvsct'] as const;
export type KernelFeature = (typeof KERNEL_FEATURES)[number];
/** Features that only a different kernel can give (the vm engine's); the others depend on how the engine is run. */
export const KERNEL_ONLY_FEATURES: readonly KernelFeature[] = ['ipvs', 'ipip', 'ipvsct'];

export interface FeatureProbe {
  ok: boolean;
  /** What was seen, e.g. "ipvsadm: Can't initialize ipvs: Protocol not available". */
  detail: string;
}
export type FeatureReport = Record<KernelFeature, FeatureProbe>;

export type EngineKind = 'local' | 'remote' | 'vm';

/** An engine whose labs share a fixed amount of memory (the vm engine's guest) says how it is shared. */
export interface EngineLabBudget {
  /** Labs the engine holds at once; the lab manager refuses another with CAPACITY. */
  maxLabs: number;
  /** Memory (and memory+swap) limit of each host of a lab of `hosts` hosts. */
  hostMemoryBytes(hosts: number): number;
}

/** What an engine of the pool may hold at once (OPSLAB_ENGINES `labs=`, `memory=`); unset: no cap of its own. */
export interface EngineCapacity {
  labs?: number;
  memoryMiB?: number;
}

export interface Engine {
  /** Its name in the engine pool (OPSLAB_ENGINES); unset: its kind (the single local or vm engine). */
  readonly id?: string;
  readonly kind: EngineKind;
  /** Caps placement respects, across every server (the store counts the labs). */
  readonly capacity?: EngineCapacity;
  /** Where this engine's lab subnets come from (OPSLAB_ENGINES `pool=`); unset: OPSLAB_POOL. */
  readonly pool?: string;
  /** Human-readable: "local (/var/run/docker.sock)", "vm (qemu tcg, 127.0.0.1:23750)". */
  readonly description: string;
  readonly docker: DockerClient;
  /** Set where labs share fixed memory (vm); absent: the lab manager's own limits and capacity. */
  readonly labBudget?: EngineLabBudget;
  /** Probed once per engine and cached. */
  features(): Promise<FeatureReport>;
  /** True while the engine answers. */
  ping(): Promise<boolean>;
  /** True once the pool declared it dead (fleet.ts); a new Engine stands for it when it answers again. */
  isDown?(): boolean;
  /** Release what this process made for the engine (a VM is shut down; a local engine is left running). */
  close(): Promise<void>;
  /**
   * Engines that can die with this process's knowledge (a VM) call `listener` once when they do,
   * with why; whatever ran on them is gone. Returns the unsubscribe function.
   */
  onDeath?(listener: (reason: string) => void): () => void;
  /**
   * A call that creates or removes a lab's parts ran past its deadline: the engine is stuck (seen: a
   * guest kernel whose network namespace teardown never ends, so no container starts or goes while
   * its Docker still answers pings). An engine that can be replaced (a VM) dies here, with `why`:
   * its labs fail with ENGINE_DOWN and the next lab boots a fresh one. Absent: nothing is done.
   */
  stuck?(why: string): void;
  /** The last lines a VM's console printed (an engine with a console): what an operator reads when it stops answering. */
  consoleTail?(lines?: number): string;
}

/** Progress lines for a person watching (`opslab engine up`), or for a test's output. */
/** The server's log (server/log.ts): a line and, optionally, fields such as the engine's kind. */
export type EngineLog = Log;

/** An engine's name in the pool: its id, else its kind. */
export const engineIdOf = (engine: Pick<Engine, 'id' | 'kind'>): string => engine.id ?? engine.kind;
