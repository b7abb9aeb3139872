// At a server's start: the engines its exercises need, brought up before anyone asks (the vm engine
// resumes from its snapshot in ~1 s, or boots), and how they are, for /api/health.
import type { Log } from '../log.js';
import type { EngineSet } from './select.js';
import type { ClusterStore, EngineLoad } from '../store/types.js';
import type { Fleet } from './fleet.js';
import { engineIdOf, type KernelFeature } from './types.js';

export interface EngineHealth {
  /** Its name in the engine pool (its kind for the single local or vm engine). */
  id: string;
  kind: string;
  description: string;
  up: boolean;
  /** No new labs go there (`opslab engine drain`). */
  drained?: boolean;
  /** Live labs on it across every server sharing the store (warm ones among them), and their memory. */
  load?: { labs: number; warm: number; memoryMiB: number };
  /** Its caps (OPSLAB_ENGINES labs=, memory=). */
  capacity?: { labs?: number; memoryMiB?: number };
  /** vm: how it came up (resumed from a snapshot, or booted) and how long that took. */
  start?: { resumed: boolean; ms: number };
}

/**
 * Picks an engine for every distinct set of features in `requires` (one per lab exercise), one after
 * another, so the vm engine is up when the first LVS lab is asked for. Failures are logged, never
 * thrown: a learner's start then says what is wrong.
 */
export async function bringUpEngines(props: { engines: EngineSet; requires: KernelFeature[][]; log: Log }): Promise<void> {
  const { engines, log } = props;
  const sets = new Map<string, KernelFeature[]>();
  for (const features of props.requires) {
    const requires = [...features].sort();
    sets.set(requires.join(','), requires);
  }
  const seen = new Set<unknown>();
  for (const requires of sets.values()) {
    const started = Date.now();
    try {
      const engine = await engines.pick(requires);
      if (engine.kind === 'vm' && !seen.has(engine)) {
        seen.add(engine);
        const how = 'resumed' in engine && engine.resumed ? 'resumed from its snapshot' : 'booted';
        log(`engines: vm engine up for ${requires.join(', ')} (${how}, ${((Date.now() - started) / 1000).toFixed(1)} s)`, { engine: 'vm' });
      }
    } catch (e) {
      log(`engines: none for exercises that need ${requires.join(', ') || 'nothing'}: ${(e as Error).message.split('\n')[0]}`, { level: 'warn' });
    }
  }
}

/** Every engine (a pool's down ones too), with its load and drain flag when a store counts them. */
export async function enginesHealth(engines: EngineSet, store?: Pick<ClusterStore, 'engineLoads' | 'drained'>): Promise<EngineHealth[]> {
  const [loads, drained] = store ? await Promise.all([store.engineLoads().catch(() => ({}) as Record<string, EngineLoad>), store.drained().catch(() => new Set<string>())]) : [undefined, undefined];
  const members = 'members' in engines ? (engines as Fleet).members() : engines.all().map((engine) => ({ engine, spec: undefined, up: true }));
  return Promise.all(
    members.map(async ({ engine: e, spec, up }): Promise<EngineHealth> => {
      const id = spec?.id ?? (e ? engineIdOf(e) : 'unknown');
      const vm = e as { resumed?: boolean; bootMs?: number } | undefined;
      return {
        id,
        kind: e?.kind ?? (spec?.target === 'vm' ? 'vm' : 'remote'),
        description: e?.description ?? `${id} (${spec?.target ?? 'not started'})`,
        up: Boolean(e) && up && (await e!.ping().catch(() => false)),
        ...(drained ? { drained: drained.has(id) } : {}),
        ...(loads ? { load: loads[id] ?? { labs: 0, warm: 0, memoryMiB: 0 } } : {}),
        ...(e?.capacity ?? spec?.capacity ? { capacity: e?.capacity ?? spec?.capacity } : {}),
        ...(e?.kind === 'vm' && vm?.bootMs !== undefined ? { start: { resumed: vm.resumed === true, ms: vm.bootMs } } : {}),
      };
    }),
  );
}
