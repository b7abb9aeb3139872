// The `vm` engine: a QEMU virtual machine with a Debian kernel that has every module (ip_vs,
// ipip...) and a dockerd inside. The platform speaks the Docker API to it exactly as to the
// local engine; only how the API comes to be differs. Image: images/vm/build.sh (vm-image.ts).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Dockerode from 'dockerode';
import { OpslabError } from '../errors.js';
import { sleep } from './host.js';
import { findLabImage } from './images.js';
import { probeFeatures } from './probe.js';
import type { Engine, EngineLog, FeatureReport } from './types.js';
import { readVmManifest, type VmManifest } from './vm-image.js';
import { freePort, probeKvm, qemuArgs, spawnQemu, sweepStaleTmpDirs, vmTmpDirPrefix, type Accel, type KvmProbe, type VmProcess } from './vm-qemu.js';

export { ensureDefaultVmImage, ensureVmImage, readVmManifest, type VmManifest } from './vm-image.js';

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
  /** Milliseconds from QEMU start to the guest's Docker API answering. */
  readonly bootMs: number;
  readonly manifest: VmManifest;
  /** False once QEMU has exited, for whatever reason. */
  readonly running: boolean;
  /** Called once when QEMU exits: after close(), or because it died (then labs on it are gone). */
  onExit(listener: (exit: VmExit) => void): () => void;
  /** The last lines of the serial console (kernel, guest init, dockerd's last words). */
  consoleTail(lines?: number): string;
}

export interface StartVmOptions {
  /** A built image: $OPSLAB_CACHE/vm/<hash> (ensureVmImage). */
  imageDir: string;
  log: EngineLog;
  /** Guest memory (default 2048). QEMU's RSS is this much at most plus ~0.3 GiB under TCG. */
  memoryMiB?: number;
  /** Guest CPUs (default 2). */
  cpus?: number;
  /** `auto` uses KVM only when a probe shows it can run this kernel (cached), else TCG. */
  accel?: 'auto' | Accel;
  /** How long to wait for the guest's Docker (default 180 s under TCG, 60 s under KVM). */
  readyTimeoutMs?: number;
  /** Every serial console line, as it comes (default: kept in memory only). */
  onConsole?: (line: string) => void;
  /** Extra kernel command line words (e.g. `opslab.dockerd_log=debug`). */
  append?: string;
}

const TCG_CPU = 'max';

/** Boots the VM and resolves once the guest's Docker API answers; ENGINE_DOWN otherwise. */
export async function startVmEngine(opts: StartVmOptions): Promise<VmEngine> {
  const { imageDir, log } = opts;
  const manifest = readVmManifest(imageDir);
  const { accel, cpu, kvm } = await chooseAccel({ opts, manifest });
  log(`vm: ${accel}${accel === 'tcg' ? ` (kvm: ${kvm.reason})` : ` -cpu ${cpu}`}`);
  sweepStaleTmpDirs();
  const tmpDir = await mkdtemp(vmTmpDirPrefix());
  try {
    await writeFile(join(tmpDir, 'owner.pid'), String(process.pid));
    const port = await freePort();
    const spec = { dir: imageDir, manifest, accel, cpu, memoryMiB: opts.memoryMiB ?? 2048, cpus: opts.cpus ?? 2, port, append: opts.append };
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
    return vmEngine({ vm, docker, manifest, accel, kvm, port, bootMs, tmpDir, log });
  } catch (e) {
    await rm(tmpDir, { recursive: true, force: true });
    throw e;
  }
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

async function fetchWithTimeout(url: string, ms: number): Promise<Response | undefined> {
  try {
    return await fetch(url, { signal: AbortSignal.timeout(ms) });
  } catch {
    return undefined;
  }
}

function vmEngine(props: {
  vm: VmProcess;
  docker: Dockerode;
  manifest: VmManifest;
  accel: Accel;
  kvm: VmEngine['kvm'];
  port: number;
  bootMs: number;
  tmpDir: string;
  log: EngineLog;
}): VmEngine {
  const { vm, docker, manifest, accel, kvm, port, bootMs, tmpDir, log } = props;
  const listeners = new Set<(exit: VmExit) => void>();
  let running = true;
  let closing: Promise<void> | undefined;
  let expected = false;
  let report: Promise<FeatureReport> | undefined;
  const cleaned = vm.exited.then(async ({ code, signal }) => {
    running = false;
    await rm(tmpDir, { recursive: true, force: true });
    if (!expected) log(`vm: QEMU (pid ${vm.child.pid}) exited unexpectedly (${code ?? signal}); labs on it are gone`);
    const exit: VmExit = { code, signal, expected, console: vm.console.text(40) };
    for (const listener of listeners) {
      try {
        listener(exit);
      } catch {
        // a listener's failure is its own
      }
    }
  });

  const close = async (): Promise<void> => {
    if (!running) return cleaned;
    expected = true;
    // A clean power-off: the guest's init stops dockerd (and so every container), then powers off.
    vm.child.stdin?.write('poweroff\n');
    if (await exitsWithin(vm, 20_000)) return cleaned;
    log('vm: the guest did not power off within 20 s; stopping QEMU');
    vm.child.kill('SIGTERM');
    if (!(await exitsWithin(vm, 5_000))) vm.child.kill('SIGKILL');
    return cleaned;
  };

  return {
    kind: 'vm',
    description: `vm (qemu ${accel}, 127.0.0.1:${port})`,
    docker,
    accel,
    kvm,
    port,
    pid: vm.child.pid ?? 0,
    bootMs,
    manifest,
    get running() {
      return running;
    },
    features() {
      report ??= findLabImage({ docker })
        .catch(() => manifest.images[0]?.ref ?? 'debian:bookworm')
        .then((image) => probeFeatures(docker, image));
      report.catch(() => (report = undefined));
      return report;
    },
    async ping() {
      if (!running) return false;
      try {
        await docker.ping();
        return running;
      } catch {
        return false;
      }
    },
    close() {
      closing ??= close();
      return closing;
    },
    onExit(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    consoleTail: (lines = 40) => vm.console.text(lines),
  };
}

async function exitsWithin(vm: VmProcess, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const result = await Promise.race([vm.exited.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms)))]);
  clearTimeout(timer);
  return result;
}
