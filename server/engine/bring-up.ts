// At a server's start: the engines its exercises need, brought up before anyone asks (the vm engine
// resumes from its snapshot in ~1 s, or boots), and how they are, for /api/health.
import type { Log } from '../log.js';
import type { EngineSet } from './select.js';
import type { KernelFeature } from './types.js';

export interface EngineHealth {
  kind: string;
  description: string;
  up: boolean;
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

export async function enginesHealth(engines: EngineSet): Promise<EngineHealth[]> {
  return Promise.all(
    engines.all().map(async (e) => {
      const vm = e as { resumed?: boolean; bootMs?: number };
      return {
        kind: e.kind,
        description: e.description,
        up: await e.ping().catch(() => false),
        ...(e.kind === 'vm' && vm.bootMs !== undefined ? { start: { resumed: vm.resumed === true, ms: vm.bootMs } } : {}),
      };
    }),
  );
}
