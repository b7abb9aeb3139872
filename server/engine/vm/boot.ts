// One QEMU brought to a guest whose Docker answers: booted cold from the image, or resumed from a
// snapshot (snapshot.ts). Both get a private run directory, TLS files for fw_cfg, a free port and
// their two channels (QMP, heartbeat); they differ in what they wait for. index.ts decides which.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OpslabError } from '../../errors.js';
import { sleep } from '../host.js';
import type { EngineLabBudget, EngineLog, FeatureReport } from '../types.js';
import { guestApi, type GuestApi } from './api.js';
import { Heartbeat, Qmp } from './channels.js';
import { vmEngine, type Booted, type VmEngine, type WatchdogOptions } from './engine.js';
import type { VmManifest } from './image.js';
import { freePort, qemuArgs, spawnQemu, vmRunPaths, vmTmpDirPrefix, type Accel, type VmProcess } from './qemu.js';
import { createOverlay, migrationDone, type Snapshot } from './snapshot.js';
import { makeVmTls, type VmTls } from './tls.js';

/** What every boot of one engine shares. */
export interface BootPlan {
  imageDir: string;
  manifest: VmManifest;
  accel: Accel;
  cpu: string;
  kvm: VmEngine['kvm'];
  memoryMiB: number;
  cpus: number;
  budget: ReturnType<typeof labBudgetFor>;
  append?: string;
  log: EngineLog;
  onConsole?: (line: string) => void;
  watchdog?: WatchdogOptions;
  /** Cold boots only: how long to wait for the guest's Docker. */
  readyTimeoutMs: number;
}

/** A cold boot's VM, with what saving it as a snapshot needs. */
export interface ColdBooted extends Booted {
  tls: VmTls;
  /** The VM's disk overlay (undefined: QEMU's throwaway one, which cannot be saved). */
  overlay?: string;
  qmp: Qmp;
  apiVersion: string;
}

/**
 * Boots the image. With `overlay` the disk is a qcow2 overlay of the VM's own (so it can be saved
 * as a snapshot); without, QEMU's throwaway one. Resolves once the guest's Docker API answers and
 * its lab modules are loaded.
 */
export async function coldBoot(props: { plan: BootPlan; overlay: boolean }): Promise<ColdBooted> {
  const { plan } = props;
  const tls = makeVmTls(); // fresh keys for every cold boot; the client's never touch disk unless saved with a snapshot
  return launch({
    plan,
    tls,
    disk: props.overlay ? { backing: join(plan.imageDir, plan.manifest.disk), format: plan.manifest.diskFormat } : undefined,
    wait: async ({ vm, api, heartbeat }) => waitForGuestDocker({ vm, api, heartbeat, timeoutMs: plan.readyTimeoutMs }),
  });
}

/**
 * Resumes a snapshot: a QEMU with the same command line reads the saved guest back, on a fresh
 * overlay over the snapshot's disk. The guest's clock stood still while it was saved: it is set
 * from its hardware clock (which QEMU keeps on host time) at once, and by its heartbeat after.
 */
export async function resumeBoot(props: { plan: BootPlan; snapshot: Snapshot }): Promise<ColdBooted> {
  const { plan, snapshot } = props;
  return launch({
    plan,
    tls: snapshot.tls,
    disk: { backing: snapshot.disk, format: 'qcow2' },
    incoming: snapshot.state,
    features: snapshot.meta.features,
    wait: async ({ vm, api, qmp }) => {
      await qmp.execute('migrate-incoming', { uri: `exec:cat ${snapshot.state}` }, 10_000);
      await migrationDone({ qmp, timeoutMs: 60_000 });
      const status = await qmp.status(10_000);
      if (status !== 'running') await qmp.execute('cont', {}, 10_000);
      vm.child.write('\nclock\n');
      let exited = false;
      void vm.exited.then(() => (exited = true));
      const deadline = Date.now() + 60_000;
      while (!(await api.ping(2000))) {
        if (exited) throw new OpslabError('ENGINE_DOWN', `QEMU exited right after resuming the snapshot. Last console lines:\n${vm.console.text(15)}`);
        if (Date.now() > deadline) throw new OpslabError('ENGINE_DOWN', `The resumed guest's Docker did not answer within 60 s. Last console lines:\n${vm.console.text(15)}`);
        await sleep(50);
      }
      return snapshot.meta.apiVersion;
    },
  });
}

async function launch(props: {
  plan: BootPlan;
  tls: VmTls;
  disk?: { backing: string; format: 'raw' | 'qcow2' };
  incoming?: string;
  features?: FeatureReport;
  wait: (ctx: { vm: VmProcess; api: GuestApi; qmp: Qmp; heartbeat: Heartbeat }) => Promise<string>;
}): Promise<ColdBooted> {
  const { plan, tls } = props;
  const { log } = plan;
  // mkdtemp makes the directory 0700: the sockets and key files in it are this user's alone.
  const runDir = await mkdtemp(vmTmpDirPrefix());
  try {
    await writeFile(join(runDir, 'owner.pid'), String(process.pid), { mode: 0o600 });
    const paths = vmRunPaths(runDir);
    // The guest's side goes through fw_cfg (QEMU reads the files once, at start, and they are
    // removed as soon as the guest's Docker answers).
    await mkdir(paths.tlsDir, { mode: 0o700 });
    await writeFile(paths.tls.ca, tls.caPem, { mode: 0o600 });
    await writeFile(paths.tls.cert, tls.server.certPem, { mode: 0o600 });
    await writeFile(paths.tls.key, tls.server.keyPem, { mode: 0o600 });
    const overlay = props.disk ? join(runDir, 'disk.qcow2') : undefined;
    if (props.disk && overlay) await createOverlay({ file: overlay, backing: props.disk.backing, backingFormat: props.disk.format });
    const port = await freePort();
    const spec = {
      dir: plan.imageDir,
      manifest: plan.manifest,
      accel: plan.accel,
      cpu: plan.cpu,
      memoryMiB: plan.memoryMiB,
      cpus: plan.cpus,
      port,
      runDir,
      labsMemoryMiB: plan.budget.labsMiB,
      append: plan.append,
      overlay,
      incoming: Boolean(props.incoming),
    };
    const started = Date.now();
    const vm = spawnQemu({ args: qemuArgs(spec), tmpDir: runDir, onConsole: plan.onConsole });
    log(`vm: qemu pid ${vm.child.pid}${props.incoming ? ', resuming a snapshot' : ''}, guest Docker API (TLS) on 127.0.0.1:${port}; room for ${plan.budget.maxLabs} labs of ${plan.budget.labMemoryMiB} MiB`);
    const api = guestApi({ port, tls });
    let channels: { qmp: Qmp; heartbeat: Heartbeat } | undefined;
    const apiVersion = await (async () => {
      const [qmp, heartbeat] = await Promise.all([Qmp.connect({ path: paths.qmp, timeoutMs: 10_000 }), Heartbeat.connect({ path: paths.heartbeat, timeoutMs: 10_000 })]);
      channels = { qmp, heartbeat };
      return props.wait({ vm, api, qmp, heartbeat });
    })().catch(async (e: unknown) => {
      vm.child.kill('SIGKILL');
      await vm.exited;
      channels?.qmp.close();
      channels?.heartbeat.close();
      if (e instanceof OpslabError) throw e;
      throw new OpslabError('ENGINE_DOWN', `The vm engine did not come up: ${(e as Error).message}. Last console lines:\n${vm.console.text(15)}`, { cause: e });
    });
    await rm(paths.tlsDir, { recursive: true, force: true });
    const bootMs = Date.now() - started;
    log(`vm: Docker (API ${apiVersion}) answers after ${(bootMs / 1000).toFixed(1)} s${props.incoming ? ' (resumed)' : ''}`);
    const { qmp, heartbeat } = channels!;
    const booted = vmEngine({
      vm,
      api,
      tls,
      docker: api.dockerode(apiVersion),
      qmp,
      heartbeat,
      manifest: plan.manifest,
      accel: plan.accel,
      kvm: plan.kvm,
      port,
      bootMs,
      resumed: Boolean(props.incoming),
      features: props.features,
      runDir,
      labBudget: plan.budget,
      log,
      watchdog: plan.watchdog,
    });
    return { ...booted, tls, overlay, qmp, apiVersion };
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
