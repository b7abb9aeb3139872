// The KVM probe of the vm engine: a KVM that answers its API may still be unable to run a stock
// kernel, so the kernel is booted under it once (per kernel, QEMU and host kernel; cached).
import { accessSync, constants, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { release } from 'node:os';
import { join } from 'node:path';
import { cacheDir, runCommand } from '../host.js';
import type { EngineLog } from '../types.js';
import type { VmManifest } from './image.js';
import { qemuBinary, spawnQemu } from './qemu.js';

export interface KvmProbe {
  usable: boolean;
  /** The `-cpu` value that booted, when usable. */
  cpu?: string;
  /** Why not, e.g. "no /dev/kvm" or QEMU's last words. */
  reason: string;
  /** What the cached result is valid for: kernel, QEMU and host kernel. */
  key: string;
  probedAt: string;
}

const PROBE_TIMEOUT_MS = 20_000;
// Stock Debian kernels need `-cpu host`; some nested KVMs reject an MSR of it, so try without.
const KVM_CPU_MODELS = ['host', 'host,-arch-capabilities'];

/**
 * Can KVM run this kernel? Boots it with `opslab.probe` (the initramfs prints OPSLAB_PROBE_OK
 * and powers off) under a 20 s timeout per CPU model. Cached in $OPSLAB_CACHE/vm/kvm-probe.json
 * for this kernel, QEMU version and host kernel.
 */
export async function probeKvm(props: { dir: string; manifest: VmManifest; log: EngineLog }): Promise<KvmProbe> {
  const { dir, manifest, log } = props;
  const key = `${manifest.kernelRelease} ${manifest.kernelVersion} | ${await qemuVersion()} | host ${release()}`;
  const file = join(cacheDir(), 'vm', 'kvm-probe.json');
  const cached = readCachedProbe(file, key);
  if (cached) return cached;
  let result: KvmProbe;
  try {
    accessSync('/dev/kvm', constants.R_OK | constants.W_OK);
  } catch {
    result = { usable: false, reason: 'no usable /dev/kvm', key, probedAt: new Date().toISOString() };
    return saveProbe(file, result);
  }
  const reasons: string[] = [];
  for (const cpu of KVM_CPU_MODELS) {
    log(`kvm probe: booting the kernel under KVM with -cpu ${cpu} (timeout ${PROBE_TIMEOUT_MS / 1000} s)`);
    const outcome = await bootProbe({ dir, manifest, cpu });
    if (outcome.ok) {
      result = { usable: true, cpu, reason: `booted in ${outcome.ms} ms`, key, probedAt: new Date().toISOString() };
      return saveProbe(file, result);
    }
    reasons.push(`-cpu ${cpu}: ${outcome.reason}`);
    // A kernel that crawls under KVM's instruction emulator will not do better with another
    // CPU model; only a quick refusal (QEMU aborting on an MSR) is worth a second try.
    if (outcome.timedOut) break;
  }
  result = { usable: false, reason: reasons.join('; '), key, probedAt: new Date().toISOString() };
  return saveProbe(file, result);
}

async function bootProbe(props: { dir: string; manifest: VmManifest; cpu: string }): Promise<{ ok: boolean; ms: number; reason: string; timedOut: boolean }> {
  const { dir, manifest, cpu } = props;
  const started = Date.now();
  const vm = spawnQemu({
    args: [
      '-accel', 'kvm', '-cpu', cpu, '-M', 'pc', '-m', '256', '-smp', '1',
      '-nodefaults', '-no-user-config', '-display', 'none', '-monitor', 'none', '-serial', 'stdio', '-no-reboot', '-nic', 'none',
      '-kernel', join(dir, manifest.kernel), '-initrd', join(dir, manifest.initrd),
      '-append', 'console=ttyS0 earlyprintk=ttyS0 panic=-1 opslab.probe', // not quiet: the last line says how far it got
    ],
    tmpDir: cacheDir(),
  });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), PROBE_TIMEOUT_MS)));
  const outcome = await Promise.race([vm.exited, deadline]);
  clearTimeout(timer);
  if (outcome === 'timeout') {
    vm.child.kill('SIGKILL');
    await vm.exited;
  }
  const ms = Date.now() - started;
  const timedOut = outcome === 'timeout';
  // The one place console text decides anything: a probe boot runs the initramfs alone (no disk, no
  // labs), so nothing but the kernel and our init can print there.
  if (vm.console.includes('OPSLAB_PROBE_OK')) return { ok: true, ms, reason: '', timedOut };
  const last = vm.console.text(1).replace(/\s+/g, ' ').trim().slice(-200);
  const reason = timedOut
    ? `the kernel did not finish booting within ${PROBE_TIMEOUT_MS / 1000} s${last ? ` (it got to "${last}")` : ''}`
    : `${last || 'qemu exited'} (exit ${outcome.code ?? outcome.signal})`;
  return { ok: false, ms, reason, timedOut };
}

let qemuVersionCache: string | undefined;
async function qemuVersion(): Promise<string> {
  if (qemuVersionCache) return qemuVersionCache;
  const out = await runCommand({ cmd: qemuBinary(), args: ['--version'] });
  qemuVersionCache = out.stdout.split('\n')[0]?.trim() || 'unknown';
  return qemuVersionCache;
}

function readCachedProbe(file: string, key: string): KvmProbe | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const probe = JSON.parse(readFileSync(file, 'utf8')) as KvmProbe;
    return probe.key === key ? probe : undefined;
  } catch {
    return undefined;
  }
}

function saveProbe(file: string, probe: KvmProbe): KvmProbe {
  try {
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, `${JSON.stringify(probe, null, 2)}\n`);
  } catch {
    // a cache we cannot write is only slower
  }
  return probe;
}
