// The Engine object of a running VM: its Docker client, health, clean shutdown and exit events.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type Dockerode from 'dockerode';
import { findLabImage } from './images.js';
import { probeFeatures } from './probe.js';
import type { EngineLabBudget, EngineLog, FeatureReport } from './types.js';
import type { VmEngine, VmExit } from './vm.js';
import type { GuestApi } from './vm-api.js';
import type { VmManifest } from './vm-image.js';
import type { Accel, VmProcess } from './vm-qemu.js';
import type { Heartbeat, Qmp } from './vm-channels.js';
import type { VmTls } from './vm-tls.js';

export interface WatchdogOptions {
  /** Between rounds (default 5 s). */
  everyMs?: number;
  /** How long one QMP query or Docker ping may take (default 5 s). */
  pingMs?: number;
  /**
   * Consecutive unanswered rounds before the guest counts as wedged (default 9: a busy guest answers
   * in ms); the guest's heartbeat (every 2 s) may be missing for `misses * everyMs` (default 45 s).
   */
  misses?: number;
}

export interface Booted {
  engine: VmEngine;
  /** Kills QEMU at once (a stuck guest) and waits for the cleanup. */
  abort(): Promise<void>;
  setWarmUpMs(ms: number): void;
}

/** QEMU run states after which the guest will not come back. */
const DEAD_STATES = new Set(['guest-panicked', 'internal-error', 'io-error', 'shutdown']);

export function vmEngine(props: {
  vm: VmProcess;
  api: GuestApi;
  tls: VmTls;
  docker: Dockerode;
  qmp: Qmp;
  heartbeat: Heartbeat;
  manifest: VmManifest;
  accel: Accel;
  kvm: VmEngine['kvm'];
  port: number;
  bootMs: number;
  runDir: string;
  labBudget: EngineLabBudget;
  log: EngineLog;
  watchdog?: WatchdogOptions;
}): Booted {
  const { vm, api, docker, qmp, heartbeat, manifest, accel, kvm, port, bootMs, runDir, labBudget, log } = props;
  const WATCHDOG_EVERY_MS = props.watchdog?.everyMs ?? 5_000;
  const WATCHDOG_PING_MS = props.watchdog?.pingMs ?? 5_000;
  const WATCHDOG_MISSES = props.watchdog?.misses ?? 9;
  const HEARTBEAT_STALE_MS = WATCHDOG_MISSES * WATCHDOG_EVERY_MS;
  const listeners = new Set<(exit: VmExit) => void>();
  let running = true;
  let closing: Promise<void> | undefined;
  let expected = false;
  let report: Promise<FeatureReport> | undefined;
  let warmUpMs = 0;
  let wedgedLogged = false;
  /** Why the watchdog killed QEMU, if it did. */
  let killedBecause: string | undefined;
  const deathListeners = new Set<(reason: string) => void>();
  const cleaned = vm.exited.then(async ({ code, signal }) => {
    running = false;
    clearInterval(watchdog);
    qmp.close();
    heartbeat.close();
    await rm(runDir, { recursive: true, force: true });
    const reason = killedBecause ?? `QEMU (pid ${vm.child.pid}) exited unexpectedly (${code ?? signal})`;
    if (!expected) log(`vm: ${reason}; labs on it are gone`);
    const exit: VmExit = { code, signal, expected, console: vm.console.text(40) };
    if (!expected) for (const listener of deathListeners) listener(reason);
    for (const listener of listeners) {
      try {
        listener(exit);
      } catch {
        // a listener's failure is its own
      }
    }
  });

  /** The guest's heartbeat has stopped: its kernel or its userland is stuck (or QEMU is). */
  const wedged = (): string | undefined => {
    const age = heartbeat.age();
    return age > HEARTBEAT_STALE_MS ? `the guest sent no heartbeat for ${Math.round(age / 1000)} s` : undefined;
  };

  // The watchdog: a guest that stops beating, a QEMU whose monitor stops answering (or says the
  // guest is dead), or a Docker API that stops answering is killed. Every call still waiting on it
  // then fails (QEMU's forwarded port closes) instead of hanging, and the engine set boots a new VM
  // for the next lab. It acts only on channels nothing in a lab can write to; never on the serial
  // console, where the kernel repeats what learners choose (an OOM report names their process).
  let qmpUnanswered = 0;
  let dockerUnanswered = 0;
  let watching = false;
  const watchdog = setInterval(async () => {
    if (!running || expected || watching) return;
    watching = true;
    try {
      const [status, docker] = await Promise.all([qmp.status(WATCHDOG_PING_MS).catch(() => undefined), api.ping(WATCHDOG_PING_MS)]);
      qmpUnanswered = status === 'running' ? 0 : qmpUnanswered + 1;
      dockerUnanswered = docker ? 0 : dockerUnanswered + 1;
      let why = wedged();
      if (!why && status && DEAD_STATES.has(status)) why = `QEMU reports the guest as ${status}`;
      if (!why && qmpUnanswered >= WATCHDOG_MISSES) why = `QEMU's monitor did not report a running guest ${qmpUnanswered} times in a row (last: ${status ?? 'no answer'})`;
      if (!why && dockerUnanswered >= WATCHDOG_MISSES) why = `the guest's Docker did not answer ${dockerUnanswered} pings in a row`;
      if (why && running && !expected) {
        killedBecause = `watchdog: ${why}; QEMU (pid ${vm.child.pid}) killed`;
        vm.child.kill('SIGKILL');
      }
    } finally {
      watching = false;
    }
  }, WATCHDOG_EVERY_MS);
  watchdog.unref();

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

  const engine: VmEngine = {
    kind: 'vm',
    description: `vm (qemu ${accel}, 127.0.0.1:${port}, TLS)`,
    docker,
    accel,
    kvm,
    port,
    pid: vm.child.pid ?? 0,
    bootMs,
    get warmUpMs() {
      return warmUpMs;
    },
    manifest,
    get running() {
      return running;
    },
    get wedged() {
      return running ? wedged() : undefined;
    },
    runDir,
    labBudget,
    features() {
      report ??= findLabImage({ docker })
        .catch(() => manifest.images[0]?.ref ?? 'debian:bookworm')
        .then((image) => probeFeatures(docker, image));
      report.catch(() => (report = undefined));
      return report;
    },
    async ping() {
      if (!running) return false;
      const why = wedged();
      if (why) {
        if (!wedgedLogged) log(`vm: ${why}; treating the engine as down`);
        wedgedLogged = true;
        return false;
      }
      return (await api.ping(5000)) && running;
    },
    close() {
      closing ??= close();
      return closing;
    },
    onExit(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onDeath(listener) {
      deathListeners.add(listener);
      return () => deathListeners.delete(listener);
    },
    consoleTail: (lines = 40) => vm.console.text(lines),
    async exportClientTls() {
      const dir = join(runDir, 'client-tls');
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const files = { 'ca.pem': props.tls.caPem, 'cert.pem': props.tls.client.certPem, 'key.pem': props.tls.client.keyPem };
      for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text, { mode: 0o600 });
      return dir;
    },
  };
  return {
    engine,
    abort: async () => {
      expected = true;
      vm.child.kill('SIGKILL');
      await cleaned;
    },
    setWarmUpMs: (ms) => (warmUpMs = ms),
  };
}

async function exitsWithin(vm: VmProcess, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const result = await Promise.race([vm.exited.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms)))]);
  clearTimeout(timer);
  return result;
}
