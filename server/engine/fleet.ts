// The engine pool (OPSLAB_ENGINES): named engines, each a Docker engine (this machine's, another
// over a unix socket, TLS or SSH) or the vm engine, with caps placement respects. Every engine is
// pinged in the background; one that stops answering dies (its labs fail with ENGINE_DOWN, the lab
// manager's failures.ts) and comes back as a new engine once it answers again, so nothing built on
// the old one is mistaken for alive. Which engine a lab goes to is the lab manager's choice among
// candidates() (placement by free capacity, lab/placement.ts); a whole lab stays on one engine.
import { OpslabError } from '../errors.js';
import type { EngineSpec } from './specs.js';
import { dockerFor, pingDocker } from './docker.js';
import { dockerEngine } from './local.js';
import type { EngineSet } from './select.js';
import type { Engine, EngineLog, KernelFeature } from './types.js';

export { parseEngineSpecs, type EngineSpec } from './specs.js';


interface Member {
  spec: EngineSpec;
  /** The engine now; replaced by a fresh one when it comes back after dying. */
  engine?: Engine;
  up: boolean;
  misses: number;
  /** Listeners of the current engine's death. */
  deaths: Set<(reason: string) => void>;
  /** Pinged at least once. */
  checked?: boolean;
  /** A vm engine being booted. */
  booting?: Promise<Engine>;
}

/** Pings this many times in a row without an answer before an engine is declared dead. */
const MISSES = 2;

export interface Fleet extends EngineSet {
  /** Every configured engine, up or not, with its spec (health, `opslab engine status`). */
  members(): { spec: EngineSpec; engine?: Engine; up: boolean }[];
  /** One round of pings (the background loop calls it; tests too). */
  checkLiveness(): Promise<void>;
}

export function engineFleet(props: {
  specs: EngineSpec[];
  /** Boots (or connects to) the vm engine of a `vm` entry. */
  bootVm?: (spec: EngineSpec) => Promise<Engine>;
  log?: EngineLog;
  /** How often every engine is pinged (default 5 s). */
  pingEveryMs?: number;
}): Fleet {
  const log = props.log ?? (() => {});
  const members: Member[] = props.specs.map((spec) => ({ spec, up: spec.target !== 'vm', misses: 0, deaths: new Set() }));
  const fresh = (m: Member): Engine => {
    const { spec } = m;
    const base = dockerEngine({ kind: spec.target === 'local' ? 'local' : 'remote', description: `${spec.id} (${spec.target === 'local' ? 'this machine' : spec.target})`, docker: spec.target === 'local' ? dockerFor({}) : dockerFor({ dockerHost: spec.target, tlsDir: spec.tls }) });
    const deaths = new Set<(reason: string) => void>();
    m.deaths = deaths;
    let down = false;
    deaths.add(() => (down = true));
    return {
      ...base,
      isDown: () => down,
      id: spec.id,
      capacity: spec.capacity,
      pool: spec.pool,
      onDeath: (listener) => {
        deaths.add(listener);
        return () => deaths.delete(listener);
      },
    };
  };
  for (const m of members) if (m.spec.target !== 'vm') m.engine = fresh(m);

  const vmOf = async (m: Member): Promise<Engine> => {
    if (m.engine && m.up && (await m.engine.ping())) return m.engine;
    if (!props.bootVm) throw new OpslabError('ENGINE_DOWN', `Engine ${m.spec.id} is a vm engine, and this program cannot boot one.`);
    m.booting ??= props.bootVm(m.spec).then(
      (booted) => {
        // The booted engine under the spec's name and caps; its own methods see itself as `this`.
        const own: Record<string | symbol, unknown> = { id: m.spec.id, capacity: { ...(booted.labBudget && { labs: booted.labBudget.maxLabs }), ...m.spec.capacity }, pool: m.spec.pool };
        const engine = new Proxy(booted, { get: (t, k) => (k in own ? own[k] : Reflect.get(t, k, t)) });
        m.engine = engine;
        m.up = true;
        m.misses = 0;
        engine.onDeath?.(() => (m.up = false));
        return engine;
      },
    ).finally(() => (m.booting = undefined));
    return m.booting;
  };

  const hasAll = async (engine: Engine, requires: KernelFeature[]) => {
    if (!requires.length) return true;
    const f = await engine.features().catch(() => undefined);
    return Boolean(f) && requires.every((r) => f![r]?.ok);
  };

  let timer: NodeJS.Timeout | undefined;
  const fleet: Fleet = {
    async candidates(requires) {
      const docker = members.filter((m) => m.spec.target !== 'vm' && m.up && m.engine);
      const ok = (await Promise.all(docker.map(async (m) => ((await hasAll(m.engine!, requires)) ? m.engine! : undefined)))).filter((e): e is Engine => Boolean(e));
      if (ok.length) return ok;
      // The vm engines only where no Docker engine has the features (booting one costs seconds).
      const vms = members.filter((m) => m.spec.target === 'vm');
      const booted: Engine[] = [];
      for (const m of vms) {
        const engine = await vmOf(m).catch((e: unknown) => {
          log(`engine ${m.spec.id}: ${(e as Error).message}`, { level: 'warn', engine: m.spec.id });
          return undefined;
        });
        if (engine && (await hasAll(engine, requires))) booted.push(engine);
      }
      if (booted.length) return booted;
      const down = members.filter((m) => !m.up).map((m) => m.spec.id);
      throw new OpslabError(
        down.length === members.length ? 'ENGINE_DOWN' : 'ENGINE_LACKS_FEATURE',
        down.length === members.length
          ? `No lab engine answers (${down.join(', ')}); no lab was created.`
          : `No engine that answers has ${requires.join(', ')}${down.length ? ` (down: ${down.join(', ')})` : ''}. See \`opslab engine status\`.`,
      );
    },
    async pick(requires) {
      return (await this.candidates(requires))[0]!;
    },
    all: () => members.flatMap((m) => (m.engine && m.up ? [m.engine] : [])),
    byId: (id) => members.find((m) => m.spec.id === id)?.engine,
    members: () => members.map((m) => ({ spec: m.spec, engine: m.engine, up: m.up })),
    async checkLiveness() {
      await Promise.all(
        members.map(async (m) => {
          if (!m.engine || m.spec.target === 'vm') return; // a vm engine tells its own death
          const alive = await Promise.race([pingDocker(m.engine.docker), new Promise<boolean>((r) => setTimeout(() => r(false), 3000).unref())]);
          if (alive) {
            m.checked = true;
            m.misses = 0;
            if (!m.up) {
              m.engine = fresh(m); // a new life: labs of the old one stay failed
              m.up = true;
              log(`engine ${m.spec.id} answers again`, { engine: m.spec.id });
            }
            return;
          }
          // One that never answered is down from the first look (it has no labs to fail).
          if (!m.checked) {
            m.checked = true;
            m.up = false;
            log(`engine ${m.spec.id} does not answer; no lab goes there until it does`, { level: 'warn', engine: m.spec.id });
            return;
          }
          if (!m.up || ++m.misses < MISSES) return;
          m.up = false;
          const reason = `it did not answer ${MISSES} pings in a row`;
          log(`engine ${m.spec.id} is down: ${reason}`, { level: 'warn', engine: m.spec.id });
          for (const listener of [...m.deaths]) listener(reason);
        }),
      );
    },
    async close() {
      clearInterval(timer);
      await Promise.all(members.map((m) => (m.spec.target === 'vm' ? m.engine?.close() : undefined)));
    },
  };
  timer = setInterval(() => void fleet.checkLiveness().catch(() => {}), props.pingEveryMs ?? 5000);
  timer.unref();
  return fleet;
}

