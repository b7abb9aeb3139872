// The one file that knows every engine kind: it connects to one by kind, and puts together the
// engines of a running platform. The kinds do not know each other: the vm engine's image is built
// with the local engine's client, handed to it from here.
import { OpslabError } from '../errors.js';
import { dockerFor } from './docker.js';
import { allowBridgedLabTraffic, isolateLabPool } from './firewall.js';
import { connectRemoteEngine, createLocalEngine, ensureLocalEngine } from './local.js';
import { engineFleet, type EngineSpec, type Fleet } from './fleet.js';
import { engineSet, type EngineSet } from './select.js';
import type { Engine, EngineKind, EngineLog } from './types.js';
import { ensureLabVmImage, startVmEngine } from './vm/index.js';
import { settings } from '../config.js';

export interface ConnectOptions {
  /** For `remote` (default: DOCKER_HOST). */
  dockerHost?: string;
  log?: EngineLog;
}

/**
 * The one way to get an Engine. `local` brings the machine's engine up first (ensureLocalEngine);
 * `remote` connects to DOCKER_HOST / `dockerHost`; `vm` builds or finds the VM image and boots it.
 */
export async function connectEngine(kind: EngineKind, opts: ConnectOptions = {}): Promise<Engine> {
  switch (kind) {
    case 'local':
      await ensureLocalEngine({ log: withEngine(opts.log, 'local') });
      return createLocalEngine();
    case 'remote':
      return connectRemoteEngine(opts);
    case 'vm': {
      // The VM image (kernel with IPVS, Docker, the lab image preloaded), then a booted guest.
      const log = withEngine(opts.log, 'vm') ?? (() => {});
      const { dir } = await ensureDefaultVmImage({ log });
      return startVmEngine({ imageDir: dir, log });
    }
    default: {
      const never: never = kind;
      throw new OpslabError('BAD_REQUEST', `Unknown engine kind ${String(never)}.`);
    }
  }
}

/**
 * The VM image the platform uses: the local engine up, then the lab image built on it and
 * preloaded into the guest (ensureLabVmImage).
 */
export async function ensureDefaultVmImage(props: { log: EngineLog }): Promise<{ dir: string; images: string[] }> {
  await ensureLocalEngine({ log: props.log });
  return ensureLabVmImage({ docker: dockerFor({}), log: props.log });
}

/**
 * The engines of a running platform: the local Docker engine (started if needed) and, where an
 * exercise needs kernel features the local kernel lacks, the vm engine booted on first need.
 */
export async function createEngines(props: { mode: 'auto' | 'local' | 'vm'; log?: EngineLog; specs?: EngineSpec[] }): Promise<EngineSet> {
  const specs = props.specs ?? settings().engines;
  if (specs) return createFleet({ specs, log: props.log });
  const localLog = withEngine(props.log, 'local');
  await ensureLocalEngine({ log: localLog });
  const local = createLocalEngine();
  if (local.kind === 'local') {
    await isolateLabPool({ pool: settings().pool, log: localLog });
    await allowBridgedLabTraffic({ log: localLog });
  }
  const bootVm = () => connectEngine('vm', { log: props.log });
  return engineSet({ mode: props.mode, local, bootVm });
}

/**
 * The engine pool of OPSLAB_ENGINES: this machine's engine is brought up (and its lab pool fenced)
 * when an entry is `local`; the others must answer on their own (a down one is retried by the
 * fleet's pings); a `vm` entry boots on first need.
 */
async function createFleet(props: { specs: EngineSpec[]; log?: EngineLog }): Promise<Fleet> {
  if (props.specs.some((s) => s.target === 'local')) {
    const localLog = withEngine(props.log, 'local');
    await ensureLocalEngine({ log: localLog });
    await isolateLabPool({ pool: settings().pool, log: localLog });
    await allowBridgedLabTraffic({ log: localLog });
  }
  const fleet = engineFleet({ specs: props.specs, log: props.log, bootVm: () => connectEngine('vm', { log: props.log }) });
  await fleet.checkLiveness();
  return fleet;
}

/** The engine's lines with its kind as a field (the server's log then says which engine spoke). */
function withEngine(log: EngineLog | undefined, engine: string): EngineLog | undefined {
  return log && ((line) => log(line, { engine }));
}
