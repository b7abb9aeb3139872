// A FAKE at the lab runtime boundary (server/lab/runtime.ts): an in-memory LabRuntime and a fake
// Engine, so the lab manager's state machine (start, capacity, failures, reaping, the disk guard,
// destroy, ownership, reconcile) is tested in milliseconds, without Docker. Nothing here runs a
// container: scripts "run" by exiting 0 unless a test says otherwise (onExec). What Docker really
// does with a lab (hardening, networks, scripts) is tested against the real engine in test/lab/*
// and test/hostile/*. The fake engine's Docker client throws on any use: the manager must go
// through the runtime.
import { PassThrough } from 'node:stream';
import type { DockerClient } from '../../server/engine/docker.js';
import { KERNEL_FEATURES, type Engine, type EngineKind, type EngineLabBudget, type FeatureReport } from '../../server/engine/types.js';
import { READY_MARK } from '../../server/lab/build.js';
import type { HostDiskUse } from '../../server/lab/disk.js';
import { LabManager } from '../../server/lab/manager.js';
import type { HostRef, HostSpec, LabRuntime, Managed, NetworkSpec, Shell } from '../../server/lab/runtime.js';
import type { ExecResult } from '../../server/lab/scripts.js';
import { LABELS, type LabBlueprint, type LabManagerOptions } from '../../server/lab/types.js';

export type FakeEngine = Engine & { die(reason: string): void };

/** An engine with every feature, that answers pings until it `die`s. Its Docker client throws when touched. */
export function fakeEngine(props: { kind?: EngineKind; labBudget?: EngineLabBudget; features?: Partial<FeatureReport> } = {}): FakeEngine {
  const listeners = new Set<(reason: string) => void>();
  let alive = true;
  const report = Object.fromEntries(KERNEL_FEATURES.map((f) => [f, props.features?.[f] ?? { ok: true, detail: 'fake' }])) as FeatureReport;
  const docker = new Proxy({}, {
    get(_, key) {
      throw new Error(`the fake engine has no Docker client (.${String(key)}): go through the lab runtime`);
    },
  }) as DockerClient;
  return {
    kind: props.kind ?? 'local',
    description: 'fake engine',
    docker,
    ...(props.labBudget ? { labBudget: props.labBudget } : {}),
    features: async () => report,
    ping: async () => alive,
    close: async () => {},
    onDeath(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    die(reason) {
      alive = false;
      for (const l of listeners) l(reason);
    },
  };
}

interface FakeHost {
  spec: HostSpec;
  running: boolean;
  createdAt: number;
  ready: boolean;
}

export type ExecCall = { host: HostRef; script: string; env: Record<string, string>; timeoutMs: number };

/** An in-memory LabRuntime: networks and hosts in maps, labels as given, scripts that exit 0. */
export class FakeRuntime implements LabRuntime {
  readonly networks = new Map<string, NetworkSpec>();
  readonly hosts = new Map<string, FakeHost>();
  readonly execs: ExecCall[] = [];
  /** A script's result, or undefined for the default (exit 0, or the ready mark's test). May wait. */
  onExec?: (call: ExecCall) => ExecResult | undefined | Promise<ExecResult | undefined>;
  /** What a host wrote to disk (default: nothing). */
  diskUse: (host: HostRef) => HostDiskUse = () => ({ bytes: 0, inodes: 0, parts: {} });
  /** When set, removeLab throws it (an engine that does not answer). */
  removeFails?: Error;
  /** Awaited before a host is created (a test may hold it: an engine that stops answering mid-build). */
  beforeCreateHost?: (spec: HostSpec) => Promise<void>;
  private next = 0;

  async createNetwork(spec: NetworkSpec): Promise<{ id: string } | { overlaps: true }> {
    if ([...this.networks.values()].some((n) => n.subnet === spec.subnet)) return { overlaps: true };
    const id = `net-${++this.next}`;
    this.networks.set(id, spec);
    return { id };
  }

  async createHost(spec: HostSpec): Promise<string> {
    await this.beforeCreateHost?.(spec);
    const id = `ctr-${++this.next}`;
    this.hosts.set(id, { spec, running: true, createdAt: Math.floor(Date.now() / 1000), ready: false });
    return id;
  }

  async exec(call: ExecCall): Promise<ExecResult> {
    this.execs.push(call);
    const host = this.hosts.get(call.host.containerId);
    if (!host?.running) throw Object.assign(new Error(`no container ${call.host.containerId}`), { statusCode: 404 });
    const scripted = await this.onExec?.(call);
    if (scripted) return scripted;
    if (call.script.includes(`: > ${READY_MARK}`)) host.ready = true;
    const exitCode = call.script.includes(`test -e ${READY_MARK}`) && !host.ready ? 1 : 0;
    return { exitCode, stdout: '', output: '', timedOut: false, durationMs: 0 };
  }

  async openShell(): Promise<Shell> {
    return { stream: new PassThrough(), resize: async () => {}, exitCode: async () => 0, hangup: async () => {} };
  }

  async diskUsage(props: { host: HostRef }): Promise<HostDiskUse> {
    return this.diskUse(props.host);
  }

  async listManaged(props: { instance: string; lab?: string }): Promise<Managed> {
    const ours = (labels: Record<string, string>) => labels[LABELS.managed] === props.instance && (!props.lab || labels[LABELS.lab] === props.lab);
    return {
      containers: [...this.hosts].filter(([, h]) => ours(h.spec.labels)).map(([id, h]) => ({ Id: id, Labels: h.spec.labels, State: h.running ? 'running' : 'exited', Created: h.createdAt })),
      networks: [...this.networks].filter(([, n]) => ours(n.labels)).map(([id, n]) => ({ Id: id, Labels: n.labels })),
    };
  }

  async removeLab(props: { instance: string; lab: string }): Promise<void> {
    if (this.removeFails) throw this.removeFails;
    const { containers, networks } = await this.listManaged(props);
    for (const c of containers) this.hosts.delete(c.Id);
    for (const n of networks) this.networks.delete(n.Id);
  }

  async subnetsInUse(): Promise<string[]> {
    return [...this.networks.values()].map((n) => n.subnet);
  }

  /** Containers and networks of a lab still on the fake engine. */
  left(lab: string): number {
    const of = (labels: Record<string, string>) => labels[LABELS.lab] === lab;
    return [...this.hosts.values()].filter((h) => of(h.spec.labels)).length + [...this.networks.values()].filter((n) => of(n.labels)).length;
  }
}

/** A blueprint of `hosts` on one network, with a setup script per host. */
export function fakeBlueprint(exercise = 'web-serve', hosts = ['web', 'client']): LabBlueprint {
  return {
    exercise,
    requires: [],
    topology: {
      networks: [{ name: 'lan', prefix: 24 }],
      hosts: hosts.map((name, i) => ({ name, image: 'lab', networks: { lan: 10 + i } })),
      addresses: {},
    },
    setup: hosts.map((host) => ({ host, script: `setup-${host}.sh` })),
    scripts: Object.fromEntries(hosts.map((h) => [`setup-${h}.sh`, `echo set up ${h}`])),
  };
}

/** A lab manager on fake engines (the first is picked unless `pick` says otherwise) and one fake runtime for all. */
export function fakeLabManager(props: { engine?: FakeEngine; runtime?: FakeRuntime; blueprints?: LabBlueprint[]; options?: Partial<LabManagerOptions> } = {}) {
  const engine = props.engine ?? fakeEngine();
  const runtime = props.runtime ?? new FakeRuntime();
  const blueprints = new Map((props.blueprints ?? [fakeBlueprint()]).map((b) => [b.exercise, b]));
  const labs = new LabManager({
    engines: { pick: async () => engine, all: () => [engine] },
    runtime: () => runtime,
    instance: 'fake',
    pool: '10.200.0.0/22',
    resolveImage: async ({ image }) => `fake/${image}`,
    blueprint: (id) => blueprints.get(id),
    diskQuota: { bytes: 1024 * 1024, inodes: 100 },
    ...props.options,
  });
  return { labs, engine, runtime };
}

/** Resolves when `check` holds, polling every millisecond; throws naming `what` after `ms`. */
export async function until(check: () => boolean, what = 'the condition', ms = 2000): Promise<void> {
  for (let i = 0; i < ms && !check(); i++) await new Promise((r) => setTimeout(r, 1));
  if (!check()) throw new Error(`${what} did not come within ${ms} ms`);
}

/** Holds every script a lab runs that `matches` (default: all) until `open()`; the others run as usual. */
export function holdExecs(runtime: FakeRuntime, matches: (call: ExecCall) => boolean = () => true): { open(): void } {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  runtime.onExec = async (call) => {
    if (matches(call)) await opened;
    return undefined;
  };
  return { open };
}
