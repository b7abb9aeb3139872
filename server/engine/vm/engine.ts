// The Engine object of a running VM: its Docker client, health, clean shutdown and exit events.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DockerClient } from '../docker.js';
import { findLabImage } from '../images.js';
import { probeFeatures } from '../probe.js';
import type { Engine, EngineLabBudget, EngineLog, FeatureReport } from '../types.js';
import type { GuestApi } from './api.js';
import type { VmManifest } from './image.js';
import type { KvmProbe } from './kvm.js';
import type { EngineConsole } from './console.js';
import type { Accel, VmProcess } from './qemu.js';
import type { Heartbeat, Qmp } from './channels.js';
import type { VmTls } from './tls.js';

export interface VmExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when close() asked for it. */
  expected: boolean;
  /** The last lines of the serial console. */
  console: string;
}

export interface VmEngine extends Engine, EngineConsole {
  readonly kind: 'vm';
  readonly accel: Accel;
  /** Why KVM was or was not used. */
  readonly kvm: KvmProbe | { usable: false; reason: string };
  /** 127.0.0.1 port forwarded to the guest's dockerd (TLS; only this boot's client certificate gets in). */
  readonly port: number;
  /** The VM's private directory (0700, removed with the VM): QMP and heartbeat sockets, the disk overlay. */
  readonly runDir: string;
  /** How many labs the guest's memory holds and how much each host of one gets. */
  readonly labBudget: EngineLabBudget;
  /** QEMU's process id. */
  readonly pid: number;
  /** Milliseconds from QEMU start to the guest's Docker API answering (modules loaded). */
  readonly bootMs: number;
  /** Milliseconds the first container (the feature probe) took after that (0 when resumed: it ran before the snapshot). */
  readonly warmUpMs: number;
  /** True when the guest was resumed from a snapshot rather than booted (snapshot.ts). */
  readonly resumed: boolean;
  readonly manifest: VmManifest;
  /** False once QEMU has exited, for whatever reason. */
  readonly running: boolean;
  /** Why the guest counts as stuck (its heartbeat stopped), if it does: ping() is false then. */
  readonly wedged: string | undefined;
  /** Called once when QEMU exits: after close(), or because it died (then labs on it are gone). */
  onExit(listener: (exit: VmExit) => void): () => void;
  /** Called once when QEMU dies without close() (killed by the watchdog, or from outside), with why. */
  onDeath(listener: (reason: string) => void): () => void;
  /** The last lines of the serial console (kernel, guest init, dockerd's last words), for people: nothing decides on them. */
  consoleTail(lines?: number): string;
  /** The lab runtime found the guest stuck (its calls past their deadlines): QEMU is killed, and onDeath says why. */
  stuck(why: string): void;
  /**
   * Watch the serial console and type on it (`opslab vm console`, the admin console route). The
   * guest's console runs its control loop (images/vm/guest/opslab-control: `poweroff`, `ping`),
   * so whoever attaches can power the guest off, and with it every lab on it.
   */
  attachConsole: EngineConsole['attachConsole'];
  /**
   * For a person at `opslab vm boot` who wants the docker CLI on this guest: writes this boot's
   * client certificate as DOCKER_CERT_PATH wants it (ca.pem, cert.pem, key.pem; 0600 in a 0700
   * directory inside the run directory, so removed with the VM) and returns the directory. Use
   * with DOCKER_HOST=tcp://127.0.0.1:PORT DOCKER_TLS_VERIFY=1. The platform never calls it.
   */
  exportClientTls(): Promise<string>;
}

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
  docker: DockerClient;
  qmp: Qmp;
  heartbeat: Heartbeat;
  manifest: VmManifest;
  accel: Accel;
  kvm: VmEngine['kvm'];
  port: number;
  bootMs: number;
  /** Resumed from a snapshot, whose feature report comes along (the guest is the one that was probed). */
  resumed?: boolean;
  features?: FeatureReport;
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
  let report: Promise<FeatureReport> | undefined = props.features && Promise.resolve(props.features);
  let warmUpMs = 0;
  let wedgedLogged = false;
  /** Why QEMU was killed (the watchdog, or the runtime found the guest stuck), if it was. */
  let killedBecause: string | undefined;
  /** Kills a QEMU that still runs and was not asked to stop; its death says `because`. */
  const killFor = (because: string) => {
    if (!running || expected) return;
    killedBecause = `${because}; QEMU (pid ${vm.child.pid}) killed`;
    vm.child.kill('SIGKILL');
  };
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
      if (why) killFor(`watchdog: ${why}`);
    } finally {
      watching = false;
    }
  }, WATCHDOG_EVERY_MS);
  watchdog.unref();

  const close = async (): Promise<void> => {
    if (!running) return cleaned;
    expected = true;
    // A clean power-off: the guest's init stops dockerd (and so every container), then powers off.
    // The newline first ends whatever someone at the console left half-typed.
    vm.child.write('\npoweroff\n');
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
    pid: vm.child.pid,
    bootMs,
    resumed: props.resumed === true,
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
    stuck(why) {
      if (running && !expected) log(`vm: stuck; the console's last lines before QEMU is killed:\n${vm.console.text(20)}`);
      killFor(`stuck: ${why}`);
    },
    attachConsole: (watcher) => vm.serial.attachConsole(watcher),
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
