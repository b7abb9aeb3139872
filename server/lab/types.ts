// What the lab runtime is given and what it keeps. It receives a plain topology (it never imports
// the curriculum) and knows nothing of HTTP.
import type { Engine, KernelFeature } from '../engine/types.js';

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
  error?: { code: string; message: string };
  createdAt: Date;
  lastActive: Date;
  /** Set while a start or a reset is under way; others wait for it. */
  busy?: Promise<void>;
}

export const LABELS = {
  managed: 'opslab.managed',
  lab: 'opslab.lab',
  learner: 'opslab.learner',
  exercise: 'opslab.exercise',
  host: 'opslab.host',
  network: 'opslab.network',
  subnet: 'opslab.subnet',
  expires: 'opslab.expires',
} as const;
