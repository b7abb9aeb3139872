// QEMU for the vm engine: the command line, the process on the terminal that is its serial console
// (pty.ts, console.ts), free ports. Whether KVM can run the kernel is kvm.ts.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpslabError } from '../../errors.js';
import { findExecutable, isProcessAlive, SYSTEM_PATH } from '../host.js';
import type { VmManifest } from './image.js';
import { type ConsoleTail, SerialConsole } from './console.js';
import { type PtyExit, type PtyProcess, spawnOnPty } from './pty.js';
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
  /**
   * The VM's own qcow2 overlay over the image's disk (or over a snapshot's), in its run directory;
   * without one the disk gets QEMU's throwaway overlay (`snapshot=on`). Either way the image is
   * never written.
   */
  overlay?: string;
  /** Wait for a saved guest (QMP `migrate-incoming`, snapshot.ts) instead of booting. */
  incoming?: boolean;
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
 * forward from 127.0.0.1, which speaks TLS and wants this boot's client certificate. The image's disk
 * is never written: the VM writes to an overlay in its run directory (`overlay`, or QEMU's throwaway
 * one with `snapshot=on`), so a killed VM never harms the image.
 * The serial console is QEMU's stdio on a terminal (spawnQemu): the host writes `poweroff` on it
 * and people read and type on it (console.ts), but nothing acts on what it says. `signal=off`: a
 * Ctrl-C typed there is a byte for the guest, not a SIGINT that ends QEMU.
 * What the platform trusts comes through the run directory (0700): QMP, the guest's heartbeat on a
 * virtio-serial port of its own, and dockerd's TLS files through fw_cfg (read once by QEMU at start).
 */
export function qemuArgs(spec: QemuSpec): string[] {
  // Under emulation (TCG) the guest runs without address space randomisation (`norandmaps`): QEMU
  // reuses the code it translated only when a program runs at the same addresses again, and every
  // container start and exec runs large Go programs (dockerd's network hook, containerd's shim)
  // anew. Measured on the 6.12 guest: a container start 6.5 s -> 2-3 s, `docker exec` 0.8 ->
  // 0.2 s, a network 1.1 -> 0.3 s. The guest is the labs' inner wall (the VM is the outer), and
  // nothing in a lab reaches its processes; under KVM randomisation stays on.
  const { dir, manifest } = spec;
  const accel = spec.accel === 'kvm' ? ['-accel', 'kvm'] : ['-accel', 'tcg,tb-size=256'];
  const run = vmRunPaths(spec.runDir);
  return [
    ...accel,
    '-cpu', spec.cpu,
    '-M', 'pc',
    '-m', String(spec.memoryMiB),
    '-smp', String(spec.cpus),
    '-nodefaults', '-no-user-config', '-display', 'none', '-monitor', 'none', '-no-reboot',
    '-chardev', 'stdio,id=serial0,signal=off', '-serial', 'chardev:serial0',
    '-kernel', join(dir, manifest.kernel),
    '-initrd', join(dir, manifest.initrd),
    '-append', `console=ttyS0 quiet panic=-1 mitigations=off${spec.accel === 'tcg' ? ' norandmaps' : ''} opslab.labs_memory_mib=${spec.labsMemoryMiB}${spec.append ? ` ${spec.append}` : ''}`,
    '-drive', spec.overlay ? `file=${spec.overlay},if=virtio,format=qcow2` : `file=${join(dir, manifest.disk)},if=virtio,format=${manifest.diskFormat},snapshot=on`,
    '-netdev', `user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:${spec.port}-10.0.2.15:${manifest.dockerPort}`,
    '-device', 'virtio-net-pci,netdev=n0',
    // A new VM generation id at every QEMU start: a guest resumed from a snapshot sees it change and
    // reseeds its random number generator, so resumed VMs do not share the saved one's random state.
    '-device', 'vmgenid,guid=auto',
    '-qmp', `unix:${run.qmp},server=on,wait=off`,
    '-device', 'virtio-serial-pci,id=vser0',
    '-chardev', `socket,id=heartbeat,path=${run.heartbeat},server=on,wait=off`,
    '-device', `virtserialport,bus=vser0.0,chardev=heartbeat,name=${HEARTBEAT_PORT}`,
    '-fw_cfg', `name=${FW_CFG_TLS.ca},file=${run.tls.ca}`,
    '-fw_cfg', `name=${FW_CFG_TLS.cert},file=${run.tls.cert}`,
    '-fw_cfg', `name=${FW_CFG_TLS.key},file=${run.tls.key}`,
    ...(spec.incoming ? ['-incoming', 'defer'] : []),
  ];
}

export interface VmProcess {
  /** QEMU on its terminal: pid, kill, and the serial console's input. */
  child: PtyProcess;
  /** The serial console's last lines (for error messages). */
  console: ConsoleTail;
  /** The serial console for people (attachConsole). */
  serial: SerialConsole;
  /** Resolves when QEMU has exited (never rejects). */
  exited: Promise<PtyExit>;
}

export function qemuBinary(): string {
  const qemu = findExecutable('qemu-system-x86_64');
  if (!qemu) throw new OpslabError('ENGINE_DOWN', 'qemu-system-x86_64 is not installed. Run `opslab vm build` (it installs what it needs) or `apt-get install qemu-system-x86`.');
  return qemu;
}

/**
 * Starts QEMU on a terminal of its own (node-pty), so the guest's serial console (QEMU's stdio) is a
 * real terminal: QEMU puts it in raw mode itself, and its output (the guest's console, QEMU's own
 * messages) feeds the console tail and whoever watches (console.ts). `tmpDir` becomes its TMPDIR,
 * where `snapshot=on` keeps the throwaway overlay: the caller removes it after exit, which also
 * covers a QEMU that was killed. QEMU dies with this process (setpriv --pdeathsig), so a crashed
 * server leaves no VM running.
 */
export function spawnQemu(props: { args: string[]; tmpDir: string; onConsole?: (line: string) => void }): VmProcess {
  const qemu = qemuBinary();
  const setpriv = findExecutable('setpriv');
  const [file, args] = setpriv ? [setpriv, ['--pdeathsig', 'SIGKILL', '--', qemu, ...props.args]] : [qemu, props.args];
  let child: PtyProcess;
  try {
    child = spawnOnPty({ file, args, env: childEnv({ TMPDIR: props.tmpDir, PATH: `${SYSTEM_PATH}:${hostPath()}` }), size: { cols: 120, rows: 40 } });
  } catch (e) {
    throw new OpslabError('ENGINE_DOWN', `QEMU could not be started on a terminal (${(e as Error).message}).`, { cause: e });
  }
  const serial = new SerialConsole(child, { onLine: props.onConsole });
  return { child, console: serial.tail, serial, exited: child.exited };
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
