// The `vm` engine: a QEMU virtual machine with a Debian kernel that has every module (ip_vs,
// ipip...) and a dockerd inside. The platform speaks the Docker API to it exactly as to the
// local engine; only how the API comes to be differs. Image: images/vm/build.sh (vm-image.ts).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Dockerode from 'dockerode';
import { OpslabError } from '../errors.js';
import { sleep } from './host.js';
import type { Engine, EngineLog } from './types.js';
import { fetchWithTimeout, vmEngine, type Booted, type WatchdogOptions } from './vm-engine.js';
import { readVmManifest, type VmManifest } from './vm-image.js';
import { freePort, probeKvm, qemuArgs, spawnQemu, sweepStaleTmpDirs, vmTmpDirPrefix, type Accel, type KvmProbe, type VmProcess } from './vm-qemu.js';

export { ensureDefaultVmImage, ensureVmImage, readVmManifest, type VmManifest } from './vm-image.js';
export { probeKvm, type KvmProbe } from './vm-qemu.js';

export interface VmExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when close() asked for it. */
  expected: boolean;
  /** The last lines of the serial console. */
  console: string;
}

export interface VmEngine extends Engine {
  readonly kind: 'vm';
  readonly accel: Accel;
  /** Why KVM was or was not used. */
  readonly kvm: KvmProbe | { usable: false; reason: string };
  /** 127.0.0.1 port forwarded to the guest's dockerd. */
  readonly port: number;
  /** QEMU's process id. */
  readonly pid: number;
  /** Milliseconds from QEMU start to the guest's Docker API answering (modules loaded). */
  readonly bootMs: number;
  /** Milliseconds the first container (the feature probe) took after that. */
  readonly warmUpMs: number;
  readonly manifest: VmManifest;
  /** False once QEMU has exited, for whatever reason. */
  readonly running: boolean;
  /** The guest kernel's first report of a stuck CPU, if any: ping() is false from then on. */
  readonly stall: string | undefined;
  /** Called once when QEMU exits: after close(), or because it died (then labs on it are gone). */
  onExit(listener: (exit: VmExit) => void): () => void;
  /** Called once when QEMU dies without close() (killed by the watchdog, or from outside), with why. */
  onDeath(listener: (reason: string) => void): () => void;
  /** The last lines of the serial console (kernel, guest init, dockerd's last words). */
  consoleTail(lines?: number): string;
}

export interface StartVmOptions {
  /** A built image: $OPSLAB_CACHE/vm/<hash> (ensureVmImage). */
  imageDir: string;
  log: EngineLog;
  /** Guest memory (default $OPSLAB_VM_MEMORY_MIB or 2048). QEMU's RSS is this much at most plus ~0.3 GiB under TCG. */
  memoryMiB?: number;
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
  /** How soon a guest that stops answering is killed (vm-engine.ts). */
  watchdog?: WatchdogOptions;
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

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new OpslabError('BAD_REQUEST', `${name} must be a positive integer (got '${raw}').`);
  return n;
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
  const tmpDir = await mkdtemp(vmTmpDirPrefix());
  try {
    await writeFile(join(tmpDir, 'owner.pid'), String(process.pid));
    const port = await freePort();
    const spec = { dir: imageDir, manifest, accel, cpu, memoryMiB: opts.memoryMiB ?? envNumber('OPSLAB_VM_MEMORY_MIB', 2048), cpus: opts.cpus ?? envNumber('OPSLAB_VM_CPUS', accel === 'tcg' ? 1 : 2), port, append: opts.append };
    const started = Date.now();
    const vm = spawnQemu({ args: qemuArgs(spec), tmpDir, onConsole: opts.onConsole });
    log(`vm: qemu pid ${vm.child.pid}, guest Docker API on 127.0.0.1:${port}`);
    const timeoutMs = opts.readyTimeoutMs ?? (accel === 'kvm' ? 60_000 : 180_000);
    const apiVersion = await waitForGuestDocker({ vm, port, timeoutMs }).catch(async (e: unknown) => {
      vm.child.kill('SIGKILL');
      await vm.exited;
      throw e;
    });
    const bootMs = Date.now() - started;
    log(`vm: Docker (API ${apiVersion}) answers after ${(bootMs / 1000).toFixed(1)} s`);
    const docker = new Dockerode({ protocol: 'http', host: '127.0.0.1', port, version: `v${apiVersion}` });
    return vmEngine({ vm, docker, manifest, accel, kvm, port, bootMs, tmpDir, log, watchdog: opts.watchdog });
  } catch (e) {
    await rm(tmpDir, { recursive: true, force: true });
    throw e;
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
    if (settled === 'failed' && !engine.stall) return { ok: true, ms: Date.now() - started };
    if (engine.stall) return { ok: false, reason: `the guest kernel stalled at its first container ("${engine.stall}")` };
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
 * Polls /_ping through the forward until it answers and the guest has said "modules loaded"
 * (they load while dockerd starts); returns the guest's API version.
 */
async function waitForGuestDocker(props: { vm: VmProcess; port: number; timeoutMs: number }): Promise<string> {
  const { vm, port, timeoutMs } = props;
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void vm.exited.then(() => (exited = true));
  const base = `http://127.0.0.1:${port}`;
  while (Date.now() < deadline && !exited) {
    const ping = vm.console.marks.has('modules loaded') ? await fetchWithTimeout(`${base}/_ping`, 2000) : undefined;
    if (ping?.ok) {
      const version = await fetchWithTimeout(`${base}/version`, 5000);
      const body = version?.ok ? ((await version.json()) as { ApiVersion?: string }) : {};
      if (body.ApiVersion) return body.ApiVersion;
    }
    await sleep(250);
  }
  const why = exited ? 'QEMU exited before the guest Docker answered' : `the guest Docker did not answer within ${timeoutMs / 1000} s`;
  throw new OpslabError('ENGINE_DOWN', `The vm engine did not come up: ${why}. Last console lines:\n${vm.console.text(15)}`, {
    details: { console: vm.console.text(60) },
  });
}

