// What a starting server does with the labs an earlier one left on its engines (found by their
// labels): a lab whose hosts all run, whose setup finished and whose exercise still exists is
// adopted, as it was; anything else is removed.
import type { Engine } from '../engine/types.js';
import { addressLab, type SubnetAllocator } from './addresses.js';
import { READY_MARK } from './build.js';
import { POOL_LEARNER } from './pool.js';
import type { LabRuntime, ManagedContainer, ManagedNetwork } from './runtime.js';
import { LABELS, type Lab, type LabBlueprint } from './types.js';

export interface ReconcileProps {
  engines: Engine[];
  runtime: (engine: Engine) => LabRuntime;
  instance: string;
  /** The current blueprint of an exercise; undefined when it left the curriculum. */
  blueprint?: (exercise: string) => LabBlueprint | undefined;
  /** Slots of adopted labs are claimed in their engine's allocator. */
  subnets: (engine: Engine) => SubnetAllocator;
  /** Labs this server already has. */
  known: (id: string) => boolean;
  /** Adopt only, remove nothing: a CLI process must not remove what another one may be building right now. */
  adoptOnly?: boolean;
}

export async function reconcileLabs(props: ReconcileProps): Promise<{ adopted: Lab[]; removed: string[] }> {
  const adopted: Lab[] = [];
  const removed: string[] = [];
  for (const engine of props.engines) {
    const runtime = props.runtime(engine);
    const { containers, networks } = await runtime.listManaged({ instance: props.instance });
    const ids = new Set([...containers, ...networks].map((r) => r.Labels[LABELS.lab]).filter((x): x is string => Boolean(x)));
    for (const id of ids) {
      if (props.known(id)) continue;
      // A lab's hosts; its probes (the lab view's, with a role label) go with it but are not hosts.
      const cs = containers.filter((c) => c.Labels[LABELS.lab] === id && !c.Labels[LABELS.role]);
      const ns = networks.filter((n) => n.Labels[LABELS.lab] === id);
      const exercise = cs[0]?.Labels[LABELS.exercise] ?? ns[0]?.Labels[LABELS.exercise];
      const blueprint = exercise ? props.blueprint?.(exercise) : undefined;
      if (blueprint && (await isComplete({ runtime, blueprint, cs, ns }))) {
        adopted.push(adopt({ id, engine, runtime, blueprint, cs, ns, subnets: props.subnets(engine) }));
      } else if (!props.adoptOnly) {
        await runtime.removeLab({ instance: props.instance, lab: id });
        removed.push(id);
      }
    }
  }
  return { adopted, removed };
}

/**
 * Adopted warm labs (owner POOL_LEARNER) go back to the pool, unless the store says a learner took
 * one before the restart: then it is theirs. When the store cannot say, they are removed from their
 * engine (`unknown`: the caller frees their subnets): a lab someone may have used is never handed
 * to anyone else.
 */
export async function sortWarm(props: { labs: Lab[]; ownerOf?: (labId: string) => Promise<string | undefined>; instance: string }): Promise<{ owned: Lab[]; warm: Lab[]; unknown: Lab[] }> {
  const owned: Lab[] = [];
  const warm: Lab[] = [];
  const unknown: Lab[] = [];
  for (const lab of props.labs) {
    if (lab.learner !== POOL_LEARNER) {
      owned.push(lab);
      continue;
    }
    let owner: string | undefined;
    try {
      owner = await props.ownerOf?.(lab.id);
    } catch {
      await lab.runtime.removeLab({ instance: props.instance, lab: lab.id }).catch(() => {});
      unknown.push(lab);
      continue;
    }
    if (owner) owned.push({ ...lab, learner: owner });
    else warm.push({ ...lab, warm: true });
  }
  return { owned, warm, unknown };
}

async function isComplete(props: { runtime: LabRuntime; blueprint: LabBlueprint; cs: ManagedContainer[]; ns: ManagedNetwork[] }): Promise<boolean> {
  const { runtime, blueprint, cs, ns } = props;
  if (cs.length !== blueprint.topology.hosts.length || ns.length !== blueprint.topology.networks.length) return false;
  // A host powered off from the lab view (a fault, or a drill cut short by the restart) is
  // powered on again: the lab is the learner's, and it stays. Without a way to, the lab goes.
  const off = cs.filter((c) => c.State === 'exited');
  if (off.length && runtime.side) {
    const side = runtime.side;
    const started = await Promise.all(off.map((c) => side.power({ instance: c.Labels[LABELS.managed] ?? '', lab: c.Labels[LABELS.lab] ?? '', host: { name: c.Labels[LABELS.host] ?? c.Id, containerId: c.Id }, on: true }).then(() => true, () => false)));
    if (started.every(Boolean)) for (const c of off) c.State = 'running';
  }
  if (!cs.every((c) => c.State === 'running')) return false;
  const marked = await Promise.all(
    cs.map((c) =>
      runtime.exec({ host: { name: c.Labels[LABELS.host] ?? c.Id, containerId: c.Id }, script: `test -e ${READY_MARK}`, env: {}, timeoutMs: 10_000 }).catch(() => undefined),
    ),
  );
  return marked.every((r) => r?.exitCode === 0);
}

function adopt(props: { id: string; engine: Engine; runtime: LabRuntime; blueprint: LabBlueprint; cs: ManagedContainer[]; ns: ManagedNetwork[]; subnets: SubnetAllocator }): Lab {
  const { id, engine, runtime, blueprint, cs, ns } = props;
  const slots: Record<string, string> = {};
  for (const n of ns) slots[n.Labels[LABELS.network]!] = n.Labels[LABELS.subnet]!;
  for (const s of Object.values(slots)) props.subnets.claim(s);
  const addressing = addressLab(blueprint.topology, slots);
  return {
    id,
    learner: cs[0]!.Labels[LABELS.learner] ?? 'unknown',
    exercise: blueprint.exercise,
    state: 'ready',
    engine,
    runtime,
    subnets: addressing.subnets,
    networkIds: blueprint.topology.networks.map((n) => ns.find((x) => x.Labels[LABELS.network] === n.name)!.Id),
    hosts: blueprint.topology.hosts.map((h) => ({
      name: h.name,
      containerId: cs.find((c) => c.Labels[LABELS.host] === h.name)!.Id,
      addresses: addressing.hostAddresses[h.name]!,
    })),
    env: addressing.env,
    values: addressing.values,
    log: ['adopted after a server restart'],
    createdAt: new Date(Math.min(...cs.map((c) => c.Created * 1000))),
    lastActive: new Date(),
  };
}
