// Labs as the store keeps them (store/types.ts LabRow), for servers that share one database: a lab
// made into a row to write, and a row made into a lab any server can reach (its engine by name,
// its hosts by container id). The lab manager (manager.ts) does the writing and reading.
import type { Engine } from '../engine/types.js';
import { engineIdOf } from '../engine/types.js';
import { OpslabError } from '../errors.js';
import { dockerFor } from '../engine/docker.js';
import type { AdmissionRefusal, LabRow } from '../store/types.js';
import type { LabRuntime } from './runtime.js';
import { newLab } from './build.js';
import { capacityError } from './capacity.js';
import type { Lab, LabState } from './types.js';

export type { SharedLabsOptions } from './types.js';

/** Lines of a lab's log the store keeps (the newest). */
const LOG_LINES = 40;


export function rowOf(lab: Lab, props: { server?: string; memoryMiB: number }): LabRow {
  return {
    id: lab.id,
    learner: lab.learner,
    exercise: lab.exercise,
    engine: lab.engine.kind,
    engineId: engineIdOf(lab.engine),
    state: lab.state,
    server: props.server,
    address: lab.address,
    memoryMiB: props.memoryMiB,
    detail: {
      hosts: lab.hosts,
      subnets: lab.subnets,
      networkIds: lab.networkIds,
      env: lab.env,
      values: lab.values,
      stage: lab.stage,
      startedAt: lab.startedAt?.toISOString(),
      error: lab.error,
      warm: lab.warm,
      log: lab.log.slice(-LOG_LINES),
    },
    createdAt: lab.createdAt.toISOString(),
    lastActive: lab.lastActive.toISOString(),
    version: lab.version ?? 0,
  };
}

/** The part of a row that says the lab changed for a reader (its hosts were replaced, or it is no longer ready). */
export const hostsKey = (lab: Pick<Lab, 'hosts'>): string => lab.hosts.map((h) => h.containerId).join(',');

/**
 * The row as a lab of this server: `into` (the lab this server had) is updated in place, so whoever
 * holds it sees the change; undefined when the row's engine is not one this server knows.
 */
export function labOfRow(props: { row: LabRow; engine: Engine | undefined; runtime: (engine: Engine) => LabRuntime; into?: Lab }): Lab | undefined {
  const { row, engine, into } = props;
  if (!engine) return undefined;
  const d = row.detail;
  // The fields below are the row's; a new object starts as any lab does.
  const lab: Lab = into ?? newLab({ id: row.id, learner: row.learner, exercise: row.exercise, engine, runtime: props.runtime(engine) });
  if (lab.engine !== engine) {
    lab.engine = engine;
    lab.runtime = props.runtime(engine);
  }
  lab.learner = row.learner;
  lab.state = row.state as LabState;
  lab.address = row.address;
  lab.subnets = d.subnets;
  lab.networkIds = d.networkIds;
  lab.hosts = d.hosts;
  lab.env = d.env;
  lab.values = d.values;
  lab.stage = d.stage;
  lab.startedAt = d.startedAt ? new Date(d.startedAt) : undefined;
  lab.error = d.error;
  lab.warm = d.warm;
  lab.log = d.log ?? [];
  lab.createdAt = new Date(row.createdAt);
  // Activity only moves forward: this server may have seen a keystroke the row does not have yet.
  const active = new Date(row.lastActive);
  if (!into || active > lab.lastActive) lab.lastActive = active;
  lab.version = row.version;
  return lab;
}

/** The engine of a lab row this server does not know (not configured here, or gone): down. */
export function missingEngine(id: string): Engine {
  const none = () => {
    throw new OpslabError('ENGINE_DOWN', `The engine ${id} is not one this server knows.`);
  };
  // A client of a socket that is not there: every call fails (ENGINE_DOWN), none throws at once.
  return { id, kind: 'remote', description: `${id} (unknown here)`, docker: dockerFor({ dockerHost: 'unix:///nonexistent/opslab-unknown-engine.sock' }), features: async () => none(), ping: async () => false, close: async () => {}, isDown: () => true };
}

/** CAPACITY (or LAB_ALREADY_STARTING) saying which cap the store refused a start under. */
export function refusedError(why: AdmissionRefusal, count: number, engine?: Engine): OpslabError {
  switch (why) {
    case 'starting':
      return new OpslabError('LAB_ALREADY_STARTING');
    case 'learner':
    case 'address':
      return capacityError(why, count);
    case 'total':
      return capacityError('platform', count);
    default: {
      const id = engine && engineIdOf(engine);
      return capacityError('engine', count, { id, message: `The engine ${id ?? ''} holds ${count} labs, as many as it may; try again when one ends.` });
    }
  }
}
