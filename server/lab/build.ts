// Building a lab on its engine, through its runtime: networks on free subnets, hardened hosts, then
// every host prepared, the setup scripts run, and the ready mark left. The lab manager calls it for
// a start and for a reset, and fails the lab with whatever it throws.
import { randomBytes, randomInt } from 'node:crypto';
import type { Engine, FeatureReport } from '../engine/types.js';
import { OpslabError } from '../errors.js';
import { addressLab, type LabAddressing, type SubnetAllocator } from './addresses.js';
import type { HostLimits } from './runtime.js';
import type { ExecResult } from './scripts.js';
import { setStage } from './stages.js';
import { LABELS, type Lab, type LabBlueprint, type Topology } from './types.js';

/** The mark a restarted server looks for before adopting a lab (reconcile.ts). */
export const READY_MARK = '/run/.opslab-ready';

/**
 * Run in every host before the setup scripts. Docker gives each container a default route via
 * the bridge, which leads nowhere (internal network, host drops it): take it away, so a host has
 * exactly its subnets' routes and LVS-NAT's "default route via the DIP" is the learner's to add.
 * Docker's embedded DNS has no upstream on internal networks, so every lookup of a name not in
 * /etc/hosts waited 10 s (and `getent hosts NAME` too, asking for IPv6 first): point the
 * resolver at the host itself, where nothing listens, so lookups fail at once (a DNS exercise
 * sets its own nameserver). /etc/resolv.conf is a bind mount: rewrite it in place.
 */
const PREPARE_HOST = `ip route del default 2>/dev/null || true
printf 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n' > /etc/resolv.conf`;

/**
 * `script`, then the ready mark if it exited 0, with its exit status. In a subshell, so its own
 * `exit` and EXIT traps end only it.
 */
export function markedOnSuccess(script: string, mark = READY_MARK): string {
  return `(\n${script}\n)\nrc=$?\n[ "$rc" -ne 0 ] || : > ${mark}\nexit "$rc"`;
}

/** Slots tried when other servers sharing the engine keep taking the free ones first. */
const NETWORK_ATTEMPTS = 16;

export interface BuildContext {
  /** Label value of this manager's labs. */
  instance: string;
  subnets: SubnetAllocator;
  /** A host's limits before the engine's share of memory (engineLimits). */
  limits: HostLimits;
  /** Image reference for a topology image name ("lab") on an engine. */
  resolveImage: (props: { engine: Engine; image: string }) => Promise<string>;
  /** Host config additions for an engine with these features (writable net sysctls ...). */
  hostConfig?: (features: FeatureReport) => Record<string, unknown>;
  setupTimeoutMs: number;
  /** Runs a script in a host of the lab as the lab manager does (prelude, slower engines). */
  run: (props: { lab: Lab; host: string; script: string; timeoutMs: number }) => Promise<ExecResult>;
  /** A line of the lab's log. */
  log: (line: string) => void;
  /** Awaited before every step (a warm lab's build waits there while learners' labs start). */
  gate?: () => Promise<void> | undefined;
}

/** A lab about to be built: state `starting`, nothing on its engine yet. */
export function newLab(props: { learner: string; address?: string; exercise: string; engine: Engine; runtime: Lab['runtime']; id?: string }): Lab {
  const { learner, address, exercise, engine, runtime } = props;
  return {
    id: props.id ?? `lab-${randomBytes(5).toString('hex')}`,
    learner,
    ...(address === undefined ? {} : { address }),
    exercise,
    state: 'starting',
    engine,
    runtime,
    subnets: {},
    networkIds: [],
    hosts: [],
    env: {},
    values: {},
    log: [],
    createdAt: new Date(),
    lastActive: new Date(),
  };
}

/** Builds `lab` (state `starting`, no subnets held) from `blueprint`; it ends `ready`, or throws. */
export async function buildLab(props: { lab: Lab; blueprint: LabBlueprint; ctx: BuildContext }): Promise<void> {
  const { lab, blueprint, ctx } = props;
  const { engine, runtime } = lab;
  const topo = blueprint.topology;
  const t0 = Date.now();
  const gate = async () => ctx.gate?.();
  await gate();
  setStage(lab, 'networks');
  const features = await engine.features();
  const labels = { [LABELS.managed]: ctx.instance, [LABELS.lab]: lab.id, [LABELS.learner]: lab.learner, [LABELS.exercise]: lab.exercise };
  ctx.log(`creating ${topo.networks.length} network(s) on the ${engine.kind} engine`);
  const { addressing, netIds } = await createNetworks({ lab, topo, labels, ctx });
  lab.env = addressing.env;
  lab.values = addressing.values;
  lab.networkIds = topo.networks.map((n) => netIds[n.name]!);

  await gate();
  setStage(lab, 'hosts');
  ctx.log(`starting ${topo.hosts.length} host(s)`);
  const hostLine = (h: (typeof topo.hosts)[number]) => `${h.name}:${Object.values(addressing.hostAddresses[h.name]!)[0]}`;
  const hostConfig = ctx.hostConfig?.(features) ?? {};
  const limits = engineLimits({ base: ctx.limits, engine, hosts: topo.hosts.length });
  const order = new Map(topo.networks.map((n, i) => [n.name, i]));
  lab.hosts = await Promise.all(
    topo.hosts.map(async (h) => {
      const image = await ctx.resolveImage({ engine, image: h.image });
      const nets = Object.keys(h.networks).sort((a, b) => order.get(a)! - order.get(b)!);
      const containerId = await runtime.createHost({
        name: `opslab-${lab.id}-${h.name}`,
        hostname: h.name,
        image,
        env: { ...addressing.env, OPSLAB_HOST: h.name },
        // Docker writes the host's own line; the others come from here.
        extraHosts: topo.hosts.filter((o) => o.name !== h.name).map(hostLine),
        networks: nets.map((n) => ({ id: netIds[n]!, ip: addressing.hostAddresses[h.name]![n]! })),
        labels: { ...labels, [LABELS.host]: h.name },
        limits,
        hostConfig,
      });
      return { name: h.name, containerId, addresses: addressing.hostAddresses[h.name]! };
    }),
  );

  // The mark a restarted server looks for (reconcile.ts): a lab whose server died during setup has
  // every container running but is not what the exercise expects, and must not be adopted. Each
  // host gets it in the same exec as its last setup run, or as its preparation when it has none (an
  // exec less per host: ~0.5 s of an LVS lab under emulation). Every host marked means the last run
  // of all finished, since the runs go in order.
  const runs = blueprint.setup.flatMap((step) => (Array.isArray(step.host) ? step.host : [step.host]).map((host) => ({ host, script: step.script })));
  const lastRun = new Map(runs.map((r, i) => [r.host, i]));
  await gate();
  setStage(lab, 'prepare');
  await Promise.all(
    lab.hosts.map(async (h) => {
      const script = lastRun.has(h.name) ? PREPARE_HOST : `${PREPARE_HOST}\n: > ${READY_MARK}`;
      const res = await ctx.run({ lab, host: h.name, script, timeoutMs: 20_000 });
      if (res.exitCode !== 0) throw new OpslabError('LAB_SETUP_FAILED', `Preparing host ${h.name} failed: ${res.output.trim()}`);
    }),
  );
  // One run per host of each step, in order: each is a stage of its own ("step 2 of 4").
  for (const [i, { host, script }] of runs.entries()) {
    await gate();
    setStage(lab, 'setup', `Running setup step ${i + 1} of ${runs.length}: ${script} on ${host}`);
    ctx.log(`setup: ${script} on ${host}`);
    const text = blueprint.scripts[script] ?? '';
    const res = await ctx.run({ lab, host, script: lastRun.get(host) === i ? markedOnSuccess(text) : text, timeoutMs: ctx.setupTimeoutMs });
    if (res.exitCode !== 0) {
      const why = res.timedOut ? 'timed out' : `exited with ${res.exitCode}`;
      throw new OpslabError('LAB_SETUP_FAILED', `Setup script ${script} on ${host} ${why}:\n${res.output.trim().split('\n').slice(-15).join('\n')}`);
    }
  }
  lab.state = 'ready';
  setStage(lab, 'ready');
  lab.lastActive = new Date();
  ctx.log(`ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

/** A host's limits on `engine`: the manager's, with memory no more than the engine's share for a host of a lab this size. */
function engineLimits(props: { base: HostLimits; engine: Engine; hosts: number }): HostLimits {
  const { base, engine, hosts } = props;
  if (!engine.labBudget) return base;
  return { ...base, memoryBytes: Math.min(base.memoryBytes, engine.labBudget.hostMemoryBytes(hosts)) };
}

/**
 * The lab's networks, on free /24 slots (lab.subnets holds them from the first try on). Another
 * server (or test run) sharing the engine may take a slot between our look and our create: the
 * runtime then says it overlaps, and we keep that slot marked as used and try the next free ones.
 */
async function createNetworks(props: { lab: Lab; topo: Topology; labels: Record<string, string>; ctx: BuildContext }): Promise<{ addressing: LabAddressing; netIds: Record<string, string> }> {
  const { lab, topo, labels, ctx } = props;
  // Slots that overlapped a network made meanwhile: skipped by this build's next tries.
  const overlapped: string[] = [];
  let why = '';
  for (let attempt = 1; ; attempt++) {
    // Free slots that no network on the engine overlaps (other servers may share the engine); those
    // are skipped now, not held: their owners free them, and this server would never hear of it.
    // A retry looks from a random slot on: another server racing for the same ones goes elsewhere.
    const inUse = (await lab.runtime.subnetsInUse()).map((s) => s.replace(/\/\d+$/, '/24'));
    const slots = ctx.subnets.allocate(topo.networks.length, [...inUse, ...overlapped], attempt === 1 ? 0 : randomInt(ctx.subnets.slots));
    const addressing = addressLab(topo, Object.fromEntries(topo.networks.map((n, i) => [n.name, slots[i]!])));
    lab.subnets = addressing.subnets;
    const netIds: Record<string, string> = {};
    // Docker numbers a container's interfaces by network name: the index keeps eth0, eth1 in topology order.
    for (const [i, net] of topo.networks.entries()) {
      const made = await lab.runtime.createNetwork({
        name: `opslab-${lab.id}-${i}-${net.name}`,
        subnet: addressing.subnets[net.name]!,
        gateway: addressing.gateways[net.name]!,
        labels: { ...labels, [LABELS.network]: net.name, [LABELS.subnet]: slots[i]! },
      });
      if (!('id' in made)) {
        why = made.detail ?? why;
        break;
      }
      netIds[net.name] = made.id;
    }
    const taken = Object.keys(netIds).length;
    if (taken === topo.networks.length) return { addressing, netIds };
    if (attempt >= NETWORK_ATTEMPTS) {
      throw new OpslabError('LAB_SETUP_FAILED', `The lab could not be built: ${attempt} free subnets in a row overlapped networks made meanwhile by others sharing the engine${why ? ` (last: ${why})` : ''}.`);
    }
    await lab.runtime.removeLab({ instance: ctx.instance, lab: lab.id });
    // The slot that overlapped is another's network now (or soon): the next tries skip it.
    overlapped.push(slots[taken]!);
    ctx.subnets.release(slots);
    lab.subnets = {};
  }
}
