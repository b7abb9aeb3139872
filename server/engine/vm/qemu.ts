// QEMU for the vm engine: the command line, the process with its serial console, free ports.
// Whether KVM can run the kernel is kvm.ts.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpslabError } from '../../errors.js';
import { findExecutable, isProcessAlive, SYSTEM_PATH } from '../host.js';
import type { VmManifest } from './image.js';
import { childEnv, hostPath } from '../../config.js';

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
    env: childEnv({ TMPDIR: props.tmpDir, PATH: `${SYSTEM_PATH}:${hostPath()}` }),
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
