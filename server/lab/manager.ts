// Labs for learners: start (in the background), reset, destroy, run scripts in hosts, reap idle
// labs, and at start-up adopt or remove whatever carries our labels.
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { withDeadline } from '../deadline.js';
import { OpslabError, engineDown, isOpslabError } from '../errors.js';
import type { Engine, FeatureReport, KernelFeature } from '../engine/types.js';
import { addressLab, labPool, parsePool, SubnetAllocator } from './addresses.js';
import { diskQuotaFromEnv, measureHostDisk, type DiskQuota, type HostDiskUse } from './disk.js';
import { createHostContainer, createLabNetwork, DEFAULT_LIMITS, execScript, listManaged, removeLabResources, subnetsInUse, type ExecResult, type HostLimits } from './docker.js';
import { LABELS, type Lab, type LabBlueprint } from './types.js';

export interface EnginePicker {
  /** The engine for an exercise that needs `requires`; throws ENGINE_LACKS_FEATURE with the fix. */
  pick(requires: KernelFeature[]): Promise<Engine>;
  /** Every engine that may hold labs (for reconcile and reaping). */
  all(): Engine[];
}

export interface LabManagerOptions {
  engines: EnginePicker;
  /** Label value that separates several servers (or test runs) sharing one engine. */
  instance?: string;
  pool?: string;
  /** Image reference for a topology image name ("lab") on an engine. */
  resolveImage: (props: { engine: Engine; image: string }) => Promise<string>;
  /** Host config additions for an engine with these features (writable net sysctls ...). */
  hostConfig?: (features: FeatureReport) => Record<string, unknown>;
  /** The current blueprint of an exercise, to adopt labs after a restart; undefined = gone. */
  blueprint?: (exercise: string) => LabBlueprint | undefined;
  /** Prepended to every script run in a lab (the check helper library). */
  scriptPrelude?: string;
  limits?: HostLimits;
  /** Disk quota of one lab (bytes and inodes); also caps one file (RLIMIT_FSIZE). Default: diskQuotaFromEnv. */
  diskQuota?: DiskQuota;
  maxLabs?: number;
  maxLabsPerLearner?: number;
  /** Live labs started from one client address (fresh identities are cheap; addresses are not). */
  maxLabsPerAddress?: number;
  idleMs?: number;
  setupTimeoutMs?: number;
  log?: (line: string) => void;
}

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

/** A host's limits on `engine`: the manager's, with memory no more than the engine's share for a host of a lab this size. */
function engineLimits(props: { base: HostLimits; engine: Engine; hosts: number }): HostLimits {
  const { base, engine, hosts } = props;
  if (!engine.labBudget) return base;
  return { ...base, memoryBytes: Math.min(base.memoryBytes, engine.labBudget.hostMemoryBytes(hosts)) };
}

const READY_MARK = '/run/.opslab-ready';
/** Removing a lab's containers and networks; longer means the engine is stuck. */
const REMOVE_DEADLINE_MS = 120_000;
/** Destroy waits this long for a start or reset under way, then removes what there is. */
const BUSY_DEADLINE_MS = 300_000;

/** Events: 'gone' (labId) when a lab is destroyed or reset: its terminals must end. */
export class LabManager extends EventEmitter<{ gone: [labId: string] }> {
  private readonly labs = new Map<string, Lab>();
  private readonly subnets: SubnetAllocator;
  private readonly instance: string;
  private reaper?: NodeJS.Timeout;
  private diskGuard?: NodeJS.Timeout;
  /** One lab's disk quota: what the guard enforces and what caps a single file. */
  private readonly quota: DiskQuota;
  /** Labs stopped over their quota whose containers could not be removed yet. */
  private readonly quotaLeftovers = new Set<string>();
  /** Engines whose death this manager listens for, and those that died (nothing to remove there). */
  private readonly watched = new WeakSet<Engine>();
  private readonly dead = new WeakSet<Engine>();

  constructor(private readonly opts: LabManagerOptions) {
    super();
    this.instance = opts.instance ?? 'default';
    this.quota = opts.diskQuota ?? diskQuotaFromEnv();
    this.subnets = new SubnetAllocator(parsePool(opts.pool ?? labPool()));
  }

  // ------------------------------------------------------------------ queries

  get(id: string): Lab {
    const lab = this.labs.get(id);
    if (!lab) throw new OpslabError('LAB_NOT_FOUND', `No lab '${id}'.`);
    return lab;
  }

  /** The lab, if `learner` owns it; the same LAB_NOT_FOUND otherwise, so ids cannot be probed. */
  getOwned(id: string, learner: string): Lab {
    const lab = this.labs.get(id);
    if (!lab || !learner || lab.learner !== learner) throw new OpslabError('LAB_NOT_FOUND', `No lab '${id}' of yours.`);
    return lab;
  }

  /**
   * One learner's labs, or every lab with `{ all: true }` (graders, the CLI, internal work). There is
   * no default: a missing or empty learner is an error, never "everyone's labs".
   */
  list(filter: { learner: string; exercise?: string } | { all: true; exercise?: string }): Lab[] {
    const learner = 'all' in filter && filter.all === true ? undefined : (filter as { learner?: string }).learner;
    if (learner === '' || (learner === undefined && !('all' in filter))) throw new Error('LabManager.list needs a learner or { all: true }');
    return [...this.labs.values()].filter((l) => (learner === undefined || l.learner === learner) && (!filter.exercise || l.exercise === filter.exercise));
  }

  // ------------------------------------------------------------------ lifecycle

  /**
   * Start a lab for `learner`. Returns at once with the lab `starting`; `ready()` waits for it.
   * A learner's live lab for the same exercise is returned instead of a second one.
   */
  async start(props: { learner: string; blueprint: LabBlueprint; address?: string }): Promise<Lab> {
    const { learner, blueprint, address } = props;
    if (!learner) throw new Error('LabManager.start needs a learner');
    const mine = this.list({ learner }).filter((l) => l.state === 'starting' || l.state === 'ready');
    const same = mine.find((l) => l.exercise === blueprint.exercise);
    if (same) return same;
    if (mine.some((l) => l.state === 'starting')) throw new OpslabError('LAB_ALREADY_STARTING');
    if (mine.length >= (this.opts.maxLabsPerLearner ?? 3)) {
      throw new OpslabError('CAPACITY', `You have ${mine.length} labs running; delete one before starting another.`);
    }
    const live = this.list({ all: true }).filter((l) => l.state !== 'failed');
    if (address !== undefined && live.filter((l) => l.address === address).length >= (this.opts.maxLabsPerAddress ?? 20)) {
      throw new OpslabError('CAPACITY', 'Your network address holds as many labs as one address may; delete a lab (or ask the operator to raise OPSLAB_MAX_LABS_PER_ADDRESS for a class behind one address).');
    }
    if (live.length >= (this.opts.maxLabs ?? 100)) throw new OpslabError('CAPACITY');
    const engine = await this.opts.engines.pick(blueprint.requires).catch((e) => {
      throw engineDown(e);
    });
    if (!(await engine.ping())) throw new OpslabError('ENGINE_DOWN', `The ${engine.kind} engine does not answer; no lab was created. It may be restarting; if not, run \`opslab engine up\`.`);
    this.watch(engine);
    // An engine whose labs share fixed memory (the vm engine's guest) holds only so many; checked
    // with no await before the lab is added, so two starts cannot both take the last place.
    const onEngine = [...this.labs.values()].filter((l) => l.engine === engine && (l.state === 'starting' || l.state === 'ready')).length;
    if (engine.labBudget && onEngine >= engine.labBudget.maxLabs) {
      throw new OpslabError('CAPACITY', `The ${engine.kind} engine holds ${onEngine} labs, as many as its memory allows; try again when one ends.`);
    }

    const lab: Lab = {
      id: `lab-${randomBytes(5).toString('hex')}`,
      learner,
      ...(address === undefined ? {} : { address }),
      exercise: blueprint.exercise,
      state: 'starting',
      engine,
      subnets: {},
      networkIds: [],
      hosts: [],
      env: {},
      values: {},
      log: [],
      createdAt: new Date(),
      lastActive: new Date(),
    };
    this.labs.set(lab.id, lab);
    lab.busy = this.build({ lab, blueprint }).finally(() => (lab.busy = undefined));
    return lab;
  }

  /** Wait until the lab is ready; throws its failure. */
  async ready(id: string): Promise<Lab> {
    const lab = this.get(id);
    await lab.busy;
    if (lab.state === 'failed') throw new OpslabError((lab.error?.code as 'LAB_SETUP_FAILED') ?? 'LAB_SETUP_FAILED', lab.error?.message);
    return lab;
  }

  /** Throw the lab away and build it again with the same addresses. */
  async reset(id: string): Promise<Lab> {
    const lab = this.get(id);
    if (lab.busy) throw new OpslabError('LAB_BUSY');
    const blueprint = this.opts.blueprint?.(lab.exercise);
    if (!blueprint) throw new OpslabError('EXERCISE_NOT_FOUND', `Exercise '${lab.exercise}' is no longer in the curriculum.`);
    lab.state = 'starting';
    lab.error = undefined;
    lab.log = [];
    this.emit('gone', lab.id);
    lab.busy = (async () => {
      if (this.dead.has(lab.engine)) {
        // Its engine died (a VM that was killed): build it again on a live one, booted if need be.
        lab.engine = await this.opts.engines.pick(blueprint.requires).catch((e) => {
          throw engineDown(e);
        });
        this.watch(lab.engine);
      } else {
        await withDeadline(removeLabResources({ docker: lab.engine.docker, instance: this.instance, lab: lab.id }), REMOVE_DEADLINE_MS, `removing lab ${lab.id}`);
      }
      this.subnets.release(Object.values(lab.subnets));
      lab.subnets = {};
      await this.build({ lab, blueprint });
    })()
      .catch((e: unknown) => {
        const err = engineDown(e) as Error & { code?: string };
        lab.state = 'failed';
        lab.error = { code: isOpslabError(err) ? err.code : 'INTERNAL', message: err.message };
      })
      .finally(() => (lab.busy = undefined));
    return lab;
  }

  /** When an engine dies, its labs fail with ENGINE_DOWN at once (their terminals end); reset rebuilds them elsewhere. */
  private watch(engine: Engine): void {
    if (!engine.onDeath || this.watched.has(engine)) return;
    this.watched.add(engine);
    engine.onDeath((reason) => {
      this.dead.add(engine);
      for (const lab of this.labs.values()) {
        if (lab.engine !== engine || lab.state === 'gone') continue;
        const message = `The ${engine.kind} engine this lab ran on stopped (${reason}). Reset the lab to build it again.`;
        this.emit('gone', lab.id);
        this.subnets.release(Object.values(lab.subnets));
        lab.state = 'failed';
        lab.error = { code: 'ENGINE_DOWN', message };
        lab.log.push(message);
        this.opts.log?.(`${lab.id}: ${message}`);
      }
    });
  }

  async destroy(id: string): Promise<void> {
    const lab = this.get(id);
    if (lab.busy) await withDeadline(lab.busy, BUSY_DEADLINE_MS, `lab ${lab.id} finishing its start or reset`).catch(() => {});
    this.emit('gone', lab.id);
    if (!this.dead.has(lab.engine)) {
      await withDeadline(removeLabResources({ docker: lab.engine.docker, instance: this.instance, lab: lab.id }), REMOVE_DEADLINE_MS, `removing lab ${lab.id}`).catch((e) => {
        throw engineDown(e);
      });
    }
    this.subnets.release(Object.values(lab.subnets));
    lab.state = 'gone';
    this.labs.delete(id);
    this.opts.log?.(`lab ${id} destroyed`);
  }

  /** Run a script (with the helper prelude) in one host of a ready lab. */
  async run(props: { lab: Lab; host: string; script: string; timeoutMs: number }): Promise<ExecResult> {
    const { lab } = props;
    const host = lab.hosts.find((h) => h.name === props.host);
    if (!host) throw new OpslabError('HOST_NOT_FOUND', `Lab ${lab.id} has no host '${props.host}'.`);
    lab.lastActive = new Date();
    const script = `${this.opts.scriptPrelude ?? ''}\n${props.script}`;
    try {
      // Under software emulation (the vm engine without KVM) everything takes ~3x as long.
      const timeoutMs = props.timeoutMs * (lab.engine.kind === 'vm' ? 3 : 1);
      return await execScript({ docker: lab.engine.docker, containerId: host.containerId, script, env: { ...lab.env, OPSLAB_HOST: host.name }, timeoutMs });
    } catch (e) {
      throw hostGone(e, props.host);
    }
  }

  touch(id: string): void {
    const lab = this.labs.get(id);
    if (lab) lab.lastActive = new Date();
  }

  // ------------------------------------------------------------------ building

  private async build(props: { lab: Lab; blueprint: LabBlueprint }): Promise<void> {
    const { lab, blueprint } = props;
    const { engine } = lab;
    const docker = engine.docker;
    const log = (line: string) => {
      lab.log.push(line);
      this.opts.log?.(`${lab.id}: ${line}`);
    };
    const t0 = Date.now();
    try {
      const topo = blueprint.topology;
      const features = await engine.features();
      const missing = blueprint.requires.filter((f) => !features[f]?.ok);
      if (missing.length) {
        throw new OpslabError('ENGINE_LACKS_FEATURE', `The ${engine.kind} engine lacks ${missing.join(', ')}: ${missing.map((f) => features[f]?.detail).join('; ')}`);
      }
      const labels = { [LABELS.managed]: this.instance, [LABELS.lab]: lab.id, [LABELS.learner]: lab.learner, [LABELS.exercise]: lab.exercise };
      log(`creating ${topo.networks.length} network(s) on the ${engine.kind} engine`);
      const { addressing, netIds } = await this.createNetworks({ lab, topo, labels });
      lab.subnets = addressing.subnets;
      lab.env = addressing.env;
      lab.values = addressing.values;
      lab.networkIds = topo.networks.map((n) => netIds[n.name]!);

      log(`starting ${topo.hosts.length} host(s)`);
      const hostLine = (h: (typeof topo.hosts)[number]) => `${h.name}:${Object.values(addressing.hostAddresses[h.name]!)[0]}`;
      const hostConfig = this.opts.hostConfig?.(features) ?? {};
      const order = new Map(topo.networks.map((n, i) => [n.name, i]));
      lab.hosts = await Promise.all(
        topo.hosts.map(async (h) => {
          const image = await this.opts.resolveImage({ engine, image: h.image });
          const nets = Object.keys(h.networks).sort((a, b) => order.get(a)! - order.get(b)!);
          const containerId = await createHostContainer({
            docker,
            name: `opslab-${lab.id}-${h.name}`,
            hostname: h.name,
            image,
            env: { ...addressing.env, OPSLAB_HOST: h.name },
            // Docker writes the host's own line; the others come from here.
            extraHosts: topo.hosts.filter((o) => o.name !== h.name).map(hostLine),
            networks: nets.map((n) => ({ id: netIds[n]!, ip: addressing.hostAddresses[h.name]![n]! })),
            labels: { ...labels, [LABELS.host]: h.name },
            limits: engineLimits({ base: { fileBytes: this.quota.bytes, ...(this.opts.limits ?? DEFAULT_LIMITS) }, engine, hosts: topo.hosts.length }),
            hostConfig,
          });
          return { name: h.name, containerId, addresses: addressing.hostAddresses[h.name]! };
        }),
      );

      await Promise.all(
        lab.hosts.map(async (h) => {
          const res = await this.run({ lab, host: h.name, script: PREPARE_HOST, timeoutMs: 20_000 });
          if (res.exitCode !== 0) throw new OpslabError('LAB_SETUP_FAILED', `Preparing host ${h.name} failed: ${res.output.trim()}`);
        }),
      );
      for (const step of blueprint.setup) {
        for (const host of Array.isArray(step.host) ? step.host : [step.host]) {
          log(`setup: ${step.script} on ${host}`);
          const res = await this.run({ lab, host, script: blueprint.scripts[step.script] ?? '', timeoutMs: this.opts.setupTimeoutMs ?? 120_000 });
          if (res.exitCode !== 0) {
            const why = res.timedOut ? 'timed out' : `exited with ${res.exitCode}`;
            throw new OpslabError('LAB_SETUP_FAILED', `Setup script ${step.script} on ${host} ${why}:\n${res.output.trim().split('\n').slice(-15).join('\n')}`);
          }
        }
      }
      // The mark a restarted server looks for: a lab whose server died during setup has every
      // container running but is not what the exercise expects, and must not be adopted.
      await Promise.all(lab.hosts.map((h) => this.run({ lab, host: h.name, script: `: > ${READY_MARK}`, timeoutMs: 20_000 })));
      lab.state = 'ready';
      lab.lastActive = new Date();
      log(`ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    } catch (e) {
      const known = engineDown(e);
      const err = isOpslabError(known) ? known : new OpslabError('LAB_SETUP_FAILED', `The lab could not be built: ${(e as Error).message}`, { cause: e });
      lab.state = 'failed';
      lab.error = { code: err.code, message: err.message };
      log(`failed: ${err.message}`);
      // A failed lab leaves nothing behind on the engine.
      await removeLabResources({ docker, instance: this.instance, lab: lab.id }).catch((re) => log(`cleanup failed: ${(re as Error).message}`));
      this.subnets.release(Object.values(lab.subnets).map((s) => s.replace(/\/\d+$/, '/24')));
    }
  }

  /**
   * The lab's networks, on free /24 slots. Another server (or test run) sharing the engine may
   * take a slot between our look and our create: Docker then refuses with "Pool overlaps", and we
   * keep that slot marked as used and try the next free ones.
   */
  private async createNetworks(props: { lab: Lab; topo: LabBlueprint['topology']; labels: Record<string, string> }) {
    const { lab, topo, labels } = props;
    for (let attempt = 1; ; attempt++) {
      const slots = await this.allocate(lab, topo.networks.length);
      const addressing = addressLab(topo, Object.fromEntries(topo.networks.map((n, i) => [n.name, slots[i]!])));
      lab.subnets = addressing.subnets;
      const netIds: Record<string, string> = {};
      try {
        // Docker numbers a container's interfaces by network name: the index keeps eth0, eth1 in topology order.
        for (const [i, net] of topo.networks.entries()) {
          netIds[net.name] = await createLabNetwork({
            docker: lab.engine.docker,
            name: `opslab-${lab.id}-${i}-${net.name}`,
            subnet: addressing.subnets[net.name]!,
            gateway: addressing.gateways[net.name]!,
            labels: { ...labels, [LABELS.network]: net.name, [LABELS.subnet]: slots[i]! },
          });
        }
        return { addressing, netIds };
      } catch (e) {
        if (!/overlaps/i.test((e as Error).message) || attempt >= 8) throw e;
        await removeLabResources({ docker: lab.engine.docker, instance: this.instance, lab: lab.id });
        const taken = slots[Object.keys(netIds).length]!;
        this.subnets.release(slots.filter((s) => s !== taken));
      }
    }
  }

  /** Free /24 slots that no network on the engine overlaps (other servers may share the engine). */
  private async allocate(lab: Lab, count: number): Promise<string[]> {
    for (const s of await subnetsInUse(lab.engine.docker)) this.subnets.claim(s.replace(/\/\d+$/, '/24'));
    return this.subnets.allocate(count);
  }

  // ------------------------------------------------------------------ restart, reaping

  /**
   * At start-up: adopt labs whose containers all run and whose exercise still exists; remove the rest.
   * Returns what it did, for the log and for tests.
   */
  async reconcile(opts: { adoptOnly?: boolean } = {}): Promise<{ adopted: string[]; removed: string[] }> {
    const adopted: string[] = [];
    const removed: string[] = [];
    for (const engine of this.opts.engines.all()) {
      const { containers, networks } = await listManaged({ docker: engine.docker, instance: this.instance });
      const ids = new Set([...containers, ...networks].map((r) => (r.Labels ?? {})[LABELS.lab]).filter((x): x is string => Boolean(x)));
      for (const id of ids) {
        if (this.labs.has(id)) continue;
        const cs = containers.filter((c) => c.Labels[LABELS.lab] === id);
        const ns = networks.filter((n) => n.Labels?.[LABELS.lab] === id);
        const exercise = cs[0]?.Labels[LABELS.exercise] ?? ns[0]?.Labels?.[LABELS.exercise];
        const blueprint = exercise ? this.opts.blueprint?.(exercise) : undefined;
        const complete =
          blueprint &&
          cs.length === blueprint.topology.hosts.length &&
          cs.every((c) => c.State === 'running') &&
          ns.length === blueprint.topology.networks.length &&
          (await this.allMarkedReady({ engine, containers: cs.map((c) => c.Id) }));
        if (!complete || !blueprint) {
          // A CLI process must not remove what another one may be building right now.
          if (opts.adoptOnly) continue;
          await removeLabResources({ docker: engine.docker, instance: this.instance, lab: id });
          removed.push(id);
          continue;
        }
        const slots: Record<string, string> = {};
        for (const n of ns) slots[n.Labels![LABELS.network]!] = n.Labels![LABELS.subnet]!;
        Object.values(slots).forEach((s) => this.subnets.claim(s));
        const addressing = addressLab(blueprint.topology, slots);
        const lab: Lab = {
          id,
          learner: cs[0]!.Labels[LABELS.learner] ?? 'unknown',
          exercise: blueprint.exercise,
          state: 'ready',
          engine,
          subnets: addressing.subnets,
          networkIds: blueprint.topology.networks.map((n) => ns.find((x) => x.Labels?.[LABELS.network] === n.name)!.Id),
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
        this.labs.set(id, lab);
        adopted.push(id);
      }
    }
    if (adopted.length || removed.length) this.opts.log?.(`reconcile: adopted ${adopted.length} lab(s), removed ${removed.length}`);
    return { adopted, removed };
  }

  private async allMarkedReady(props: { engine: Engine; containers: string[] }): Promise<boolean> {
    const results = await Promise.all(
      props.containers.map((containerId) =>
        execScript({ docker: props.engine.docker, containerId, script: `test -e ${READY_MARK}`, env: {}, timeoutMs: 10_000 }).catch(() => undefined),
      ),
    );
    return results.every((r) => r?.exitCode === 0);
  }

  /** Destroy labs idle longer than idleMs, every minute. */
  startReaper(everyMs = 60_000): void {
    const idleMs = this.opts.idleMs ?? 60 * 60_000;
    this.reaper = setInterval(() => {
      const now = Date.now();
      for (const lab of this.labs.values()) {
        if (!lab.busy && now - lab.lastActive.getTime() > idleMs) {
          this.destroy(lab.id).catch((e) => this.opts.log?.(`reaping ${lab.id} failed: ${(e as Error).message}`));
        }
      }
    }, everyMs);
    this.reaper.unref();
  }

  /**
   * Disk guard: overlay2 on ext4 has no per-container quota, so a learner's disk filler would
   * fill the engine's disk. Every `everyMs`, each ready lab is measured (server/lab/disk.ts: the
   * writable layers, the bind-mounted /etc/hosts, /etc/resolv.conf and /etc/hostname, and the
   * layers' inodes); a lab over either limit, or one the engine cannot measure, is stopped (its
   * containers removed) and reports LAB_QUOTA saying which limit (the manager's `diskQuota`).
   */
  startDiskGuard(props: { everyMs?: number } = {}): void {
    const quota = this.quota;
    clearInterval(this.diskGuard);
    let running = false;
    this.diskGuard = setInterval(async () => {
      if (running) return;
      running = true;
      try {
        for (const lab of this.labs.values()) {
          if (this.quotaLeftovers.has(lab.id)) {
            // Reset or destroyed since (that removed it), or still to remove.
            if (lab.state === 'failed' && lab.error?.code === 'LAB_QUOTA' && !lab.busy) await this.removeOverQuota(lab);
            else this.quotaLeftovers.delete(lab.id);
          }
          if (lab.state !== 'ready' || lab.busy) continue;
          const use = await this.measureDisk(lab, quota).catch((e: Error) => {
            this.opts.log?.(`${lab.id}: disk not measured this round: ${e.message}`);
            return undefined;
          });
          const why = use && overQuota(use, quota);
          if (why && lab.state === 'ready' && !lab.busy) await this.stopOverQuota(lab, why);
        }
      } finally {
        running = false;
      }
    }, props.everyMs ?? 5000);
    this.diskGuard.unref();
  }

  /** What the lab's hosts wrote to the engine's disk, per host. */
  async measureDisk(lab: Lab, stopAt: DiskQuota = this.quota): Promise<Record<string, HostDiskUse>> {
    const local = lab.engine.kind === 'local';
    const uses = await Promise.all(
      lab.hosts.map(async (h) => [h.name, await measureHostDisk({ docker: lab.engine.docker, containerId: h.containerId, local, stopAt })] as const),
    );
    return Object.fromEntries(uses);
  }

  private async stopOverQuota(lab: Lab, why: string): Promise<void> {
    const message = `${why}, and was stopped. Reset it to start again.`;
    this.emit('gone', lab.id);
    this.opts.log?.(`${lab.id}: ${message}`);
    const removed = await this.removeOverQuota(lab);
    lab.state = 'failed';
    lab.error = { code: 'LAB_QUOTA', message };
    lab.log.push(message);
    if (!removed) this.quotaLeftovers.add(lab.id);
  }

  /** Removes a stopped lab's containers; what could not be removed is tried again next round, never left writing. */
  private async removeOverQuota(lab: Lab): Promise<boolean> {
    try {
      await removeLabResources({ docker: lab.engine.docker, instance: this.instance, lab: lab.id });
    } catch (e) {
      this.opts.log?.(`${lab.id}: removing the lab over its quota failed, trying again: ${(e as Error).message}`);
      return false;
    }
    this.subnets.release(Object.values(lab.subnets));
    lab.subnets = {}; // released once: a later destroy or reset must not free a slot another lab took since
    this.quotaLeftovers.delete(lab.id);
    return true;
  }

  /** Stop background work. With `destroyAll`, remove every lab (tests, a clean shutdown). */
  async close(opts: { destroyAll?: boolean } = {}): Promise<void> {
    clearInterval(this.reaper);
    clearInterval(this.diskGuard);
    if (opts.destroyAll) await Promise.all([...this.labs.keys()].map((id) => this.destroy(id).catch(() => {})));
  }
}

/** Why a lab is over its quota (the start of the message it reports), or undefined. */
function overQuota(use: Record<string, HostDiskUse>, quota: DiskQuota): string | undefined {
  const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;
  const hosts = Object.entries(use);
  const blind = hosts.find(([, u]) => u.unmeasurable);
  if (blind) return `The lab's disk use could not be measured (${blind[1].unmeasurable} on host ${blind[0]}): writes that cannot be counted are not allowed`;
  const bytes = hosts.reduce((a, [, u]) => a + u.bytes, 0);
  if (bytes > quota.bytes) {
    const [where, host, most] = hosts
      .flatMap(([h, u]) => Object.entries(u.parts).map(([part, n]) => [part, h, n] as const))
      .reduce((a, b) => (b[2] > a[2] ? b : a));
    return `The lab wrote ${mb(bytes)} to disk, over its limit of ${mb(quota.bytes)} (the most: ${where} on ${host}, ${mb(most)})`;
  }
  const inodes = hosts.reduce((a, [, u]) => a + u.inodes, 0);
  if (inodes > quota.inodes) return `The lab created ${inodes} files and directories, over its limit of ${quota.inodes} (OPSLAB_LAB_INODES)`;
  return undefined;
}

function hostGone(e: unknown, host: string): Error {
  const status = (e as { statusCode?: number }).statusCode;
  if (status === 404 || status === 409) return new OpslabError('HOST_GONE', `Host '${host}' is not running any more; reset the lab.`, { cause: e });
  return engineDown(e) as Error;
}
