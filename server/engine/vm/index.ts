// The `vm` engine: a QEMU virtual machine with a Debian kernel that has every module (ip_vs,
// ipip...) and a dockerd inside. The platform speaks the Docker API to it exactly as to the
// local engine; only how the API comes to be differs. This file boots it (startVmEngine) and is
// the folder's entry point; image.ts builds its image (images/vm/build.sh), qemu.ts runs QEMU and
// kvm.ts finds whether KVM can, engine.ts is the running VM's Engine, and api.ts, channels.ts and
// tls.ts are how this process reaches the guest; console.ts is its serial console for people, on
// the terminal pty.ts gives QEMU.
// Nothing here knows the local engine: server/engine/connect.ts puts the two together.
import { availableParallelism } from 'node:os';
import { OpslabError } from '../../errors.js';
import { sleep } from '../host.js';
import type { Engine, EngineLog } from '../types.js';
import { coldBoot, labBudgetFor, resumeBoot, type BootPlan } from './boot.js';
import type { EngineConsole } from './console.js';
import type { VmEngine, WatchdogOptions } from './engine.js';
import { readVmManifest, type VmManifest } from './image.js';
import { probeKvm } from './kvm.js';
import { sweepStaleTmpDirs, type Accel } from './qemu.js';
import { discardSnapshot, findSnapshot, saveSnapshot, snapshotKey, snapshotsUnavailable } from './snapshot.js';
import { settings } from '../../config.js';

export type { VmEngine, VmExit } from './engine.js';
export type { ConsoleAttachment, ConsoleWatcher, EngineConsole } from './console.js';
export { ensureLabVmImage, ensureVmImage, readVmManifest, type VmManifest } from './image.js';
export { probeKvm, type KvmProbe } from './kvm.js';
export { labBudgetFor } from './boot.js';
export { listSnapshots, type SnapshotMeta } from './snapshot.js';

export interface StartVmOptions {
  /** A built image: $OPSLAB_CACHE/vm/<hash> (ensureVmImage). */
  imageDir: string;
  log: EngineLog;
  /** Guest memory (default $OPSLAB_VM_MEMORY_MIB or 2048). QEMU's RSS is this much at most plus ~0.3 GiB under TCG. */
  memoryMiB?: number;
  /**
   * Memory of one lab, shared evenly by its hosts (default $OPSLAB_VM_LAB_MEMORY_MIB or 384). The
   * guest takes as many labs as fit in its memory less a reserve (labBudgetFor).
   */
  labMemoryMiB?: number;
  /**
   * Guest CPUs (default $OPSLAB_VM_CPUS, else 2, or 1 on a one-core host). Under TCG with runc and
   * address space randomisation, two vCPUs were seen to deadlock in runc about one boot in 20
   * (BOOT_ATTEMPTS below). With crun and `norandmaps` (qemu.ts) they did not, in 15 boots and 12
   * LVS-DR labs in a row, and a 4-host LVS-DR lab on a resumed guest took 7.5-9 s with two against
   * 11.5-15 s with one (the container starts run side by side).
   */
  cpus?: number;
  /** `auto` uses KVM only when a probe shows it can run this kernel (cached), else TCG. */
  accel?: 'auto' | Accel;
  /** How long to wait for the guest's Docker (default 180 s under TCG, 60 s under KVM). */
  readyTimeoutMs?: number;
  /** Every serial console line, as it comes (default: kept in memory only). */
  onConsole?: (line: string) => void;
  /** Extra kernel command line words (e.g. `opslab.dockerd_log=debug`). */
  append?: string;
  /** Run the feature probe as part of the boot, rebooting a guest that stalls (default true). */
  warmUp?: boolean;
  /** How soon a guest that stops answering is killed (engine.ts). */
  watchdog?: WatchdogOptions;
  /**
   * Resume from a snapshot of this image and machine shape when there is one, and save one after a
   * cold boot when there is not (snapshot.ts; default $OPSLAB_VM_SNAPSHOTS, on). Off: every VM boots cold.
   */
  snapshots?: boolean;
}

/** The serial console of `engine` when it is a vm engine whose QEMU still runs; undefined otherwise. */
export function consoleOf(engine: Engine | undefined): EngineConsole | undefined {
  if (engine?.kind !== 'vm' || !('attachConsole' in engine)) return undefined;
  const vm = engine as VmEngine;
  return vm.running ? vm : undefined;
}

const TCG_CPU = 'max';
/**
 * Under TCG with 2 vCPUs, about one boot in 20 was seen to deadlock both vCPUs (soft lockups in
 * runc) at the first container after boot. So a boot is finished by one container (the feature
 * probe, which the platform needs anyway); a guest that stalls there is killed and booted again.
 */
const BOOT_ATTEMPTS = 2;

/**
 * Resumes the VM from its snapshot, or boots it cold, and resolves once the guest's Docker API
 * answers, its modules are loaded and a first container (the feature probe) has run (before the
 * snapshot, for a resumed one); ENGINE_DOWN with the console tail otherwise. A cold boot that
 * reaches that point is saved as the snapshot the next VM resumes. A snapshot that cannot be
 * resumed is discarded and the VM boots cold.
 */
export async function startVmEngine(opts: StartVmOptions): Promise<VmEngine> {
  const { imageDir, log } = opts;
  const manifest = readVmManifest(imageDir);
  const { accel, cpu, kvm } = await chooseAccel({ opts, manifest });
  log(`vm: ${accel}${accel === 'tcg' ? ` (kvm: ${kvm.reason})` : ` -cpu ${cpu}`}`);
  sweepStaleTmpDirs();
  const memoryMiB = opts.memoryMiB ?? settings().vmMemoryMiB;
  const plan: BootPlan = {
    imageDir,
    manifest,
    accel,
    cpu,
    kvm,
    memoryMiB,
    cpus: opts.cpus ?? settings().vmCpus ?? Math.min(2, availableParallelism()),
    budget: labBudgetFor({ memoryMiB, labMemoryMiB: opts.labMemoryMiB ?? settings().vmLabMemoryMiB }),
    append: opts.append,
    log,
    onConsole: opts.onConsole,
    watchdog: opts.watchdog,
    readyTimeoutMs: opts.readyTimeoutMs ?? (accel === 'kvm' ? 60_000 : 180_000),
  };
  const unavailable = (opts.snapshots ?? settings().vmSnapshots) === false ? 'turned off (OPSLAB_VM_SNAPSHOTS=0)' : snapshotsUnavailable(imageDir);
  const shape = { accel, cpu, memoryMiB, cpus: plan.cpus, labsMemoryMiB: plan.budget.labsMiB, append: opts.append };
  const { key, qemu } = await snapshotKey({ manifest, shape });
  if (unavailable) log(`vm: no snapshots (${unavailable}): every VM boots cold`);
  else {
    const snapshot = findSnapshot({ imageDir, key });
    if (snapshot) {
      try {
        return (await resumeBoot({ plan, snapshot })).engine;
      } catch (e) {
        log(`vm: resuming snapshot ${key} failed (${(e as Error).message.split('\n')[0]}); discarding it and booting cold`);
        await discardSnapshot(snapshot);
      }
    }
  }
  for (let attempt = 1; ; attempt++) {
    const booted = await coldBoot({ plan, overlay: !unavailable });
    if (opts.warmUp === false) return booted.engine;
    const warm = await warmUp({ engine: booted.engine, timeoutMs: accel === 'kvm' ? 30_000 : 90_000 });
    if (warm.ok) {
      booted.setWarmUpMs(warm.ms);
      log(`vm: first container (feature probe) done after ${(warm.ms / 1000).toFixed(1)} s more`);
      if (!unavailable && booted.overlay) {
        const features = await booted.engine.features().catch(() => undefined);
        const meta = { image: manifest.hash, qemu, shape, apiVersion: booted.apiVersion, features, coldBootMs: booted.engine.bootMs, warmUpMs: warm.ms };
        await saveSnapshot({ qmp: booted.qmp, imageDir, key, overlay: booted.overlay, meta, tls: booted.tls, log });
      }
      return booted.engine;
    }
    const console = booted.engine.consoleTail(60);
    await booted.abort();
    if (attempt >= BOOT_ATTEMPTS) {
      throw new OpslabError('ENGINE_DOWN', `The vm engine did not come up: ${warm.reason} (${attempt} boots). Last console lines:\n${lastLinesOf(console, 15)}`, {
        details: { console },
      });
    }
    log(`vm: ${warm.reason}; booting again (attempt ${attempt + 1} of ${BOOT_ATTEMPTS})`);
  }
}

/** Runs the feature probe as the first container; a stall or timeout means the guest is stuck. */
async function warmUp(props: { engine: VmEngine; timeoutMs: number }): Promise<{ ok: true; ms: number } | { ok: false; reason: string }> {
  const { engine, timeoutMs } = props;
  const started = Date.now();
  let settled: 'done' | 'failed' | undefined;
  let failure = '';
  engine.features().then(
    () => (settled = 'done'),
    (e: unknown) => {
      settled = 'failed';
      failure = e instanceof Error ? e.message : String(e);
    },
  );
  while (Date.now() - started < timeoutMs) {
    if (settled === 'done') return { ok: true, ms: Date.now() - started };
    // A probe that fails for a reason of its own (no lab image in the guest) is features()'s
    // business, retried there; the engine itself is up.
    if (settled === 'failed' && !engine.wedged) return { ok: true, ms: Date.now() - started };
    if (engine.wedged) return { ok: false, reason: `the guest got stuck at its first container (${engine.wedged})` };
    if (!engine.running) return { ok: false, reason: `QEMU exited during the first container${failure ? ` (${failure})` : ''}` };
    await sleep(250);
  }
  return { ok: false, reason: `the first container (feature probe) did not finish within ${timeoutMs / 1000} s` };
}

function lastLinesOf(text: string, n: number): string {
  return text.split('\n').slice(-n).join('\n');
}

async function chooseAccel(props: { opts: StartVmOptions; manifest: VmManifest }): Promise<{ accel: Accel; cpu: string; kvm: VmEngine['kvm'] }> {
  const { opts, manifest } = props;
  const want = opts.accel ?? 'auto';
  if (want === 'tcg') return { accel: 'tcg', cpu: TCG_CPU, kvm: { usable: false, reason: 'not tried (accel tcg asked for)' } };
  const kvm = await probeKvm({ dir: opts.imageDir, manifest, log: opts.log });
  if (kvm.usable) return { accel: 'kvm', cpu: kvm.cpu ?? 'host', kvm };
  if (want === 'kvm') throw new OpslabError('ENGINE_DOWN', `KVM cannot run the VM kernel here: ${kvm.reason}`, { details: { kvm } });
  return { accel: 'tcg', cpu: TCG_CPU, kvm };
}
