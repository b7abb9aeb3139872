// The `vm` engine: a QEMU virtual machine with a Debian kernel that has every module (ip_vs,
// ipip...) and a dockerd inside. The platform speaks the Docker API to it exactly as to the
// local engine; only how the API comes to be differs. This file boots it (startVmEngine) and is
// the folder's entry point; image.ts builds its image (images/vm/build.sh), qemu.ts runs QEMU and
// kvm.ts finds whether KVM can, engine.ts is the running VM's Engine, and api.ts, channels.ts and
// tls.ts are how this process reaches the guest; console.ts is its serial console for people, on
// the terminal pty.ts gives QEMU.
// Nothing here knows the local engine: server/engine/connect.ts puts the two together.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OpslabError } from '../../errors.js';
import { sleep } from '../host.js';
import type { Engine, EngineLabBudget, EngineLog } from '../types.js';
import { guestApi, type GuestApi } from './api.js';
import type { EngineConsole } from './console.js';
import { vmEngine, type Booted, type VmEngine, type WatchdogOptions } from './engine.js';
import { readVmManifest, type VmManifest } from './image.js';
import { probeKvm } from './kvm.js';
import { freePort, qemuArgs, spawnQemu, sweepStaleTmpDirs, vmRunPaths, vmTmpDirPrefix, type Accel, type VmProcess } from './qemu.js';
import { Heartbeat, Qmp } from './channels.js';
import { makeVmTls } from './tls.js';
import { settings } from '../../config.js';

export type { VmEngine, VmExit } from './engine.js';
export type { ConsoleAttachment, ConsoleWatcher, EngineConsole } from './console.js';
export { ensureLabVmImage, ensureVmImage, readVmManifest, type VmManifest } from './image.js';
export { probeKvm, type KvmProbe } from './kvm.js';

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
   * Guest CPUs (default $OPSLAB_VM_CPUS, else 1 under TCG and 2 under KVM). Under TCG two vCPUs were
   * seen to deadlock each other (soft lockups in runc, BOOT_ATTEMPTS below), and on a 2-core host
   * they were no faster: keepalived-ha's self-test took 195 s with two and 227 s with one, lvs-dr
   * 68 s with either, both measured on the same busy machine.
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
 * Boots the VM and resolves once the guest's Docker API answers, its modules are loaded and a
 * first container (the feature probe) has run; ENGINE_DOWN with the console tail otherwise.
 */
export async function startVmEngine(opts: StartVmOptions): Promise<VmEngine> {
  const { imageDir, log } = opts;
  const manifest = readVmManifest(imageDir);
  const { accel, cpu, kvm } = await chooseAccel({ opts, manifest });
  log(`vm: ${accel}${accel === 'tcg' ? ` (kvm: ${kvm.reason})` : ` -cpu ${cpu}`}`);
  sweepStaleTmpDirs();
  for (let attempt = 1; ; attempt++) {
    const booted = await bootOnce({ opts, manifest, accel, cpu, kvm });
    if (opts.warmUp === false) return booted.engine;
    const warm = await warmUp({ engine: booted.engine, timeoutMs: accel === 'kvm' ? 30_000 : 90_000 });
    if (warm.ok) {
      booted.setWarmUpMs(warm.ms);
      log(`vm: first container (feature probe) done after ${(warm.ms / 1000).toFixed(1)} s more`);
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

async function bootOnce(props: {
  opts: StartVmOptions;
  manifest: VmManifest;
  accel: Accel;
  cpu: string;
  kvm: VmEngine['kvm'];
}): Promise<Booted> {
  const { opts, manifest, accel, cpu, kvm } = props;
  const { imageDir, log } = opts;
  const memoryMiB = opts.memoryMiB ?? settings().vmMemoryMiB;
  const budget = labBudgetFor({ memoryMiB, labMemoryMiB: opts.labMemoryMiB ?? settings().vmLabMemoryMiB });
  // mkdtemp makes the directory 0700: the sockets and key files in it are this user's alone.
  const runDir = await mkdtemp(vmTmpDirPrefix());
  try {
    await writeFile(join(runDir, 'owner.pid'), String(process.pid), { mode: 0o600 });
    const paths = vmRunPaths(runDir);
    // Fresh keys for every boot. The guest's side goes through fw_cfg (QEMU reads the files once, at
    // start, and they are removed as soon as the guest's Docker answers); the client's never touches disk.
    const tls = makeVmTls();
    await mkdir(paths.tlsDir, { mode: 0o700 });
    await writeFile(paths.tls.ca, tls.caPem, { mode: 0o600 });
    await writeFile(paths.tls.cert, tls.server.certPem, { mode: 0o600 });
    await writeFile(paths.tls.key, tls.server.keyPem, { mode: 0o600 });
    const port = await freePort();
    const cpus = opts.cpus ?? settings().vmCpus ?? (accel === 'tcg' ? 1 : 2);
    const spec = { dir: imageDir, manifest, accel, cpu, memoryMiB, cpus, port, runDir, labsMemoryMiB: budget.labsMiB, append: opts.append };
    const started = Date.now();
    const vm = spawnQemu({ args: qemuArgs(spec), tmpDir: runDir, onConsole: opts.onConsole });
    log(`vm: qemu pid ${vm.child.pid}, guest Docker API (TLS) on 127.0.0.1:${port}; room for ${budget.maxLabs} labs of ${budget.labMemoryMiB} MiB`);
    const timeoutMs = opts.readyTimeoutMs ?? (accel === 'kvm' ? 60_000 : 180_000);
    const api = guestApi({ port, tls });
    let channels: { qmp: Qmp; heartbeat: Heartbeat } | undefined;
    const apiVersion = await (async () => {
      const [qmp, heartbeat] = await Promise.all([Qmp.connect({ path: paths.qmp, timeoutMs: 10_000 }), Heartbeat.connect({ path: paths.heartbeat, timeoutMs: 10_000 })]);
      channels = { qmp, heartbeat };
      return waitForGuestDocker({ vm, api, heartbeat, timeoutMs });
    })().catch(async (e: unknown) => {
      vm.child.kill('SIGKILL');
      await vm.exited;
      channels?.qmp.close();
      channels?.heartbeat.close();
      if (e instanceof OpslabError) throw e;
      throw new OpslabError('ENGINE_DOWN', `The vm engine did not come up: QEMU's monitor or the guest's heartbeat channel failed (${(e as Error).message}). Last console lines:\n${vm.console.text(15)}`, { cause: e });
    });
    await rm(paths.tlsDir, { recursive: true, force: true });
    const bootMs = Date.now() - started;
    log(`vm: Docker (API ${apiVersion}) answers after ${(bootMs / 1000).toFixed(1)} s`);
    const { qmp, heartbeat } = channels!;
    return vmEngine({ vm, api, tls, docker: api.dockerode(apiVersion), qmp, heartbeat, manifest, accel, kvm, port, bootMs, runDir, labBudget: budget, log, watchdog: opts.watchdog });
  } catch (e) {
    await rm(runDir, { recursive: true, force: true });
    throw e;
  }
}

/**
 * Memory kept for the guest's kernel, dockerd, containerd and one containerd-shim per container
 * (measured idle: 240 MiB used with dockerd at 80 MiB RSS and containerd at 43 MiB; each shim
 * ~15 MiB), and outside every lab's limit. The rest is for labs: the guest caps the cgroup all
 * containers live under at it, so labs together can never push its kernel into OOM.
 */
function reserveMiB(memoryMiB: number): number {
  return Math.max(512, Math.floor(memoryMiB / 4));
}

/** What a guest of `memoryMiB` holds: labs of `labMemoryMiB`, each host an equal share of one. */
export function labBudgetFor(props: { memoryMiB: number; labMemoryMiB: number }): EngineLabBudget & { labsMiB: number; labMemoryMiB: number } {
  const { memoryMiB, labMemoryMiB } = props;
  const labsMiB = memoryMiB - reserveMiB(memoryMiB);
  const maxLabs = Math.floor(labsMiB / labMemoryMiB);
  if (maxLabs < 1) {
    throw new OpslabError('BAD_REQUEST', `A vm guest of ${memoryMiB} MiB has ${Math.max(0, labsMiB)} MiB for labs, less than one lab's ${labMemoryMiB} MiB: raise OPSLAB_VM_MEMORY_MIB or lower OPSLAB_VM_LAB_MEMORY_MIB.`);
  }
  const MiB = 1024 * 1024;
  return {
    maxLabs,
    labsMiB,
    labMemoryMiB,
    hostMemoryBytes: (hosts) => Math.floor(labMemoryMiB / Math.max(1, hosts)) * MiB,
  };
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

/**
 * Polls /_ping (TLS) through the forward until it answers and the guest's heartbeat says the lab
 * modules are loaded (they load while dockerd starts); returns the guest's API version.
 */
async function waitForGuestDocker(props: { vm: VmProcess; api: GuestApi; heartbeat: Heartbeat; timeoutMs: number }): Promise<string> {
  const { vm, api, heartbeat, timeoutMs } = props;
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void vm.exited.then(() => (exited = true));
  let why = '';
  while (Date.now() < deadline && !exited) {
    if (heartbeat.marks.has('notls')) {
      why = 'the guest found no TLS certificate for its dockerd (fw_cfg opt/opslab/tls/*: is qemu_fw_cfg in the guest kernel?)';
      break;
    }
    if (heartbeat.marks.has('modules') && (await api.ping(2000))) {
      const version = await api.get('/version', 5000);
      const body = version?.status === 200 ? (JSON.parse(version.body) as { ApiVersion?: string }) : {};
      if (body.ApiVersion) return body.ApiVersion;
    }
    await sleep(250);
  }
  why ||= exited ? 'QEMU exited before the guest Docker answered' : `the guest Docker did not answer within ${timeoutMs / 1000} s (heartbeats: ${heartbeat.beats}, marks: ${[...heartbeat.marks].join(' ') || 'none'})`;
  throw new OpslabError('ENGINE_DOWN', `The vm engine did not come up: ${why}. Last console lines:\n${vm.console.text(15)}`, {
    details: { console: vm.console.text(60) },
  });
}
