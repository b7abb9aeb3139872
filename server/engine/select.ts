// Which engine a lab goes to: the local kernel when it has every feature the exercise needs,
// otherwise the vm engine (booted on first need, booted again if it died). Every engine handed out
// here has the features asked for: this is the one place they are checked.
import { OpslabError } from '../errors.js';
import { engineIdOf, type Engine, type KernelFeature } from './types.js';

export interface EngineSet {
  /** An engine with every feature of `requires`; ENGINE_LACKS_FEATURE with the fix otherwise. */
  pick(requires: KernelFeature[]): Promise<Engine>;
  /**
   * Every engine that answers and has every feature of `requires` (the vm engine booted if it is
   * the only kind that can); placement chooses among them. Throws as pick does when there is none.
   */
  candidates(requires: KernelFeature[]): Promise<Engine[]>;
  all(): Engine[];
  /** The engine of that name now (engineIdOf), if it is one of the set. */
  byId(id: string): Engine | undefined;
  close(): Promise<void>;
}

interface MissingFeature {
  feature: KernelFeature;
  /** What the engine's probe saw. */
  detail: string;
}

/** The features of `requires` that `engine`'s kernel lacks. */
async function missingFeatures(engine: Engine, requires: readonly KernelFeature[]): Promise<MissingFeature[]> {
  if (requires.length === 0) return [];
  const features = await engine.features();
  return requires.filter((f) => !features[f]?.ok).map((f) => ({ feature: f, detail: features[f]?.detail ?? 'not probed' }));
}

export function engineSet(props: {
  mode: 'auto' | 'local' | 'vm';
  local?: Engine;
  /** Boots (or connects to) a vm engine; called again when the last one stopped answering. */
  bootVm?: () => Promise<Engine>;
}): EngineSet {
  let vm: Promise<Engine> | undefined;
  let vmEngine: Engine | undefined;
  const getVm = async (): Promise<Engine> => {
    if (!props.bootVm) {
      throw new OpslabError('ENGINE_LACKS_FEATURE', 'This exercise needs kernel features the local engine lacks, and no vm engine is configured. Run `opslab doctor`, then `opslab engine up --engine vm`.');
    }
    if (vmEngine && !(await vmEngine.ping())) {
      vm = undefined;
      vmEngine = undefined;
    }
    vm ??= props.bootVm().then((e) => (vmEngine = e));
    vm.catch(() => (vm = undefined));
    return vm;
  };
  /** The vm engine, which has every feature, unless its probe says otherwise. */
  const vmWith = async (requires: KernelFeature[]): Promise<Engine> => {
    const engine = await getVm();
    const missing = await missingFeatures(engine, requires);
    if (missing.length === 0) return engine;
    throw new OpslabError('ENGINE_LACKS_FEATURE', `The ${engine.kind} engine lacks ${missing.map((m) => m.feature).join(', ')}: ${missing.map((m) => m.detail).join('; ')}`);
  };
  return {
    async pick(requires) {
      const local = props.local;
      if (props.mode === 'vm' || !local) return vmWith(requires);
      const missing = await missingFeatures(local, requires);
      if (missing.length === 0) return local;
      if (props.mode === 'auto' && props.bootVm) return vmWith(requires);
      throw new OpslabError(
        'ENGINE_LACKS_FEATURE',
        `This exercise needs ${missing.map((m) => m.feature).join(', ')}, which the ${local.kind} engine's kernel lacks (${missing.map((m) => `${m.feature}: ${m.detail}`).join('; ')}). Use the vm engine: OPSLAB_ENGINE=auto with \`opslab engine up --engine vm\` (see \`opslab doctor\`).`,
      );
    },
    async candidates(requires) {
      return [await this.pick(requires)];
    },
    all: () => [props.local, vmEngine].filter((e): e is Engine => Boolean(e)),
    byId: (id) => [props.local, vmEngine].find((e) => e && engineIdOf(e) === id),
    async close() {
      await vmEngine?.close();
    },
  };
}
