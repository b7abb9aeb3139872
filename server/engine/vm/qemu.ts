// QEMU for the vm engine: the command line, the process with its serial console, free ports,
// and the KVM probe (a KVM that answers its API may still be unable to run a stock kernel).
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpslabError } from '../../errors.js';
import { cacheDir, findExecutable, isProcessAlive, runCommand, SYSTEM_PATH } from '../host.js';
import type { EngineLog } from '../types.js';
import type { VmManifest } from './image.js';

export type Accel = 'kvm' | 'tcg';

export interface QemuSpec {
  dir: string;
  manifest: VmManifest;
  accel: Accel;
  /** `-cpu` value: `max` under TCG, the KVM probe's pick under KVM. */
  cpu: string;
  memoryMiB: number;
  cpus: number;
  /** Host port on 127.0.0.1 forwarded to the guest's dockerd. */
  port: number;
  /** The VM's private directory (0700): QMP and heartbeat sockets, the TLS hand-over files (vmRunPaths). */
  runDir: string;
  /** Memory for all labs together: the guest caps the cgroup every container lives under at this. */
  labsMemoryMiB: number;
  /** Extra kernel command line words, e.g. `opslab.dockerd_log=debug`. */
  append?: string;
}

/** Name of the guest's heartbeat port (images/vm/guest/opslab-heartbeat looks it up by this name). */
export const HEARTBEAT_PORT = 'org.opslab.heartbeat';
/** fw_cfg names under which the guest finds its dockerd's TLS files (images/vm/guest/opslab-boot). */
export const FW_CFG_TLS = { ca: 'opt/opslab/tls/ca.pem', cert: 'opt/opslab/tls/server-cert.pem', key: 'opt/opslab/tls/server-key.pem' } as const;

/** What lives in a VM's run directory. */
export function vmRunPaths(runDir: string) {
  return {
    qmp: join(runDir, 'qmp.sock'),
    heartbeat: join(runDir, 'heartbeat.sock'),
    tlsDir: join(runDir, 'tls'),
    tls: { ca: join(runDir, 'tls', 'ca.pem'), cert: join(runDir, 'tls', 'server-cert.pem'), key: join(runDir, 'tls', 'server-key.pem') },
  };
}

/**
 * The guest gets exactly one network card, on QEMU's user network with `restrict=on`: it can
 * reach nothing (not the host, not beyond); the host reaches its dockerd only through the one
 * forward from 127.0.0.1, which speaks TLS and wants this boot's client certificate. The disk is
 * opened read-only with a throwaway overlay (`snapshot=on`), so a killed VM never harms the image.
 * The serial console is stdin/stdout (see VmProcess), for people to read: nothing acts on it.
 * What the platform trusts comes through the run directory (0700): QMP, the guest's heartbeat on a
 * virtio-serial port of its own, and dockerd's TLS files through fw_cfg (read once by QEMU at start).
 */
export function qemuArgs(spec: QemuSpec): string[] {
  const { dir, manifest } = spec;
  const accel = spec.accel === 'kvm' ? ['-accel', 'kvm'] : ['-accel', 'tcg,tb-size=256'];
  const run = vmRunPaths(spec.runDir);
  return [
    ...accel,
    '-cpu', spec.cpu,
    '-M', 'pc',
    '-m', String(spec.memoryMiB),
    '-smp', String(spec.cpus),
    '-nodefaults', '-no-user-config', '-display', 'none', '-monitor', 'none', '-serial', 'stdio', '-no-reboot',
    '-kernel', join(dir, manifest.kernel),
    '-initrd', join(dir, manifest.initrd),
    '-append', `console=ttyS0 quiet panic=-1 mitigations=off opslab.labs_memory_mib=${spec.labsMemoryMiB}${spec.append ? ` ${spec.append}` : ''}`,
    '-drive', `file=${join(dir, manifest.disk)},if=virtio,format=${manifest.diskFormat},snapshot=on`,
    '-netdev', `user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:${spec.port}-10.0.2.15:${manifest.dockerPort}`,
    '-device', 'virtio-net-pci,netdev=n0',
    '-qmp', `unix:${run.qmp},server=on,wait=off`,
    '-device', 'virtio-serial-pci,id=vser0',
    '-chardev', `socket,id=heartbeat,path=${run.heartbeat},server=on,wait=off`,
    '-device', `virtserialport,bus=vser0.0,chardev=heartbeat,name=${HEARTBEAT_PORT}`,
    '-fw_cfg', `name=${FW_CFG_TLS.ca},file=${run.tls.ca}`,
    '-fw_cfg', `name=${FW_CFG_TLS.cert},file=${run.tls.cert}`,
    '-fw_cfg', `name=${FW_CFG_TLS.key},file=${run.tls.key}`,
  ];
}

/**
 * Keeps the last lines of the serial console (kernel messages, guest init, dockerd errors) for
 * people to read. Nothing decides on them: the kernel prints what learners choose (an OOM report
 * names their process, whatever they called it), so liveness comes from QMP and the heartbeat.
 */
export class ConsoleTail {
  private lines: string[] = [];
  private pending = '';
  constructor(private readonly max = 200, private readonly onLine?: (line: string) => void) {}

  push(chunk: Buffer | string): void {
    const parts = (this.pending + chunk.toString()).split(/\r?\n/);
    this.pending = (parts.pop() ?? '').slice(-8192); // a line without end cannot grow without bound
    for (const line of parts) this.add(line);
  }

  text(n = 40): string {
    const all = this.pending ? [...this.lines, this.pending] : this.lines;
    return all.slice(-n).join('\n');
  }

  includes(needle: string): boolean {
    return this.lines.some((l) => l.includes(needle)) || this.pending.includes(needle);
  }

  private add(line: string): void {
    // eslint-disable-next-line no-control-regex
    const clean = line.replace(/\x1b\[[0-9;]*m/g, '');
    if (!clean.trim()) return;
    this.lines.push(clean);
    if (this.lines.length > this.max) this.lines.splice(0, this.lines.length - this.max);
    this.onLine?.(clean);
  }
}

export interface VmProcess {
  child: ChildProcess;
  console: ConsoleTail;
  /** Resolves when QEMU has exited (never rejects). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function qemuBinary(): string {
  const qemu = findExecutable('qemu-system-x86_64');
  if (!qemu) throw new OpslabError('ENGINE_DOWN', 'qemu-system-x86_64 is not installed. Run `opslab vm build` (it installs what it needs) or `apt-get install qemu-system-x86`.');
  return qemu;
}

/**
 * Starts QEMU. `tmpDir` becomes its TMPDIR, where `snapshot=on` keeps the throwaway overlay:
 * the caller removes it after exit, which also covers a QEMU that was killed. QEMU dies with
 * this process (setpriv --pdeathsig), so a crashed server leaves no VM running.
 */
export function spawnQemu(props: { args: string[]; tmpDir: string; onConsole?: (line: string) => void }): VmProcess {
  const qemu = qemuBinary();
  const setpriv = findExecutable('setpriv');
  const [cmd, args] = setpriv ? [setpriv, ['--pdeathsig', 'SIGKILL', '--', qemu, ...props.args]] : [qemu, props.args];
  const child = spawn(cmd, args, {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, TMPDIR: props.tmpDir, PATH: `${SYSTEM_PATH}:${process.env.PATH ?? ''}` },
  });
  const console = new ConsoleTail(200, props.onConsole);
  child.stdout?.on('data', (c: Buffer) => console.push(c));
  child.stderr?.on('data', (c: Buffer) => console.push(c));
  child.stdin?.on('error', () => {}); // EPIPE after QEMU exits
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
    child.on('error', (e) => {
      console.push(`qemu: ${e.message}\n`);
      resolve({ code: null, signal: null });
    });
  });
  return { child, console, exited };
}

const TMP_PREFIX = 'opslab-vm-';

/** A directory for one VM's throwaway files; records the owner so a later sweep knows. */
export function vmTmpDirPrefix(): string {
  return join(tmpdir(), TMP_PREFIX);
}

/** Removes VM temp directories whose owning process is gone (a killed server's leftovers). */
export function sweepStaleTmpDirs(): void {
  let names: string[];
  try {
    names = readdirSync(tmpdir()).filter((n) => n.startsWith(TMP_PREFIX));
  } catch {
    return;
  }
  for (const name of names) {
    const dir = join(tmpdir(), name);
    try {
      const owner = Number(readFileSync(join(dir, 'owner.pid'), 'utf8'));
      if (owner && isProcessAlive(owner)) continue;
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // no owner file yet (being created) or already gone
    }
  }
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

// ---- KVM probe ------------------------------------------------------------------------------

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
