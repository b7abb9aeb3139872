// The Engine object of a running VM: its Docker client, health, clean shutdown and exit events.
import { rm } from 'node:fs/promises';
import type Dockerode from 'dockerode';
import { findLabImage } from './images.js';
import { probeFeatures } from './probe.js';
import type { EngineLog, FeatureReport } from './types.js';
import type { VmEngine, VmExit } from './vm.js';
import type { VmManifest } from './vm-image.js';
import type { Accel, VmProcess } from './vm-qemu.js';

export async function fetchWithTimeout(url: string, ms: number): Promise<Response | undefined> {
  try {
    return await fetch(url, { signal: AbortSignal.timeout(ms) });
  } catch {
    return undefined;
  }
}

export interface WatchdogOptions {
  /** Between pings (default 5 s). */
  everyMs?: number;
  /** How long one ping may take (default 5 s). */
  pingMs?: number;
  /** Consecutive unanswered pings before the guest counts as wedged (default 9: a busy guest answers in ms). */
  misses?: number;
}

export interface Booted {
  engine: VmEngine;
  /** Kills QEMU at once (a stuck guest) and waits for the cleanup. */
  abort(): Promise<void>;
  setWarmUpMs(ms: number): void;
}

export function vmEngine(props: {
  vm: VmProcess;
  docker: Dockerode;
  manifest: VmManifest;
  accel: Accel;
  kvm: VmEngine['kvm'];
  port: number;
  bootMs: number;
  tmpDir: string;
  log: EngineLog;
  watchdog?: WatchdogOptions;
}): Booted {
  const { vm, docker, manifest, accel, kvm, port, bootMs, tmpDir, log } = props;
  const WATCHDOG_EVERY_MS = props.watchdog?.everyMs ?? 5_000;
  const WATCHDOG_PING_MS = props.watchdog?.pingMs ?? 5_000;
  const WATCHDOG_MISSES = props.watchdog?.misses ?? 9;
  const listeners = new Set<(exit: VmExit) => void>();
  let running = true;
  let closing: Promise<void> | undefined;
  let expected = false;
  let report: Promise<FeatureReport> | undefined;
  let warmUpMs = 0;
  let stallLogged = false;
  /** Why the watchdog killed QEMU, if it did. */
  let killedBecause: string | undefined;
  const deathListeners = new Set<(reason: string) => void>();
  const cleaned = vm.exited.then(async ({ code, signal }) => {
    running = false;
    clearInterval(watchdog);
    await rm(tmpDir, { recursive: true, force: true });
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

  // The watchdog: a guest whose kernel reports a stuck CPU, or whose Docker stops answering, is
  // killed at once. Every call still waiting on it then fails (QEMU's forwarded port closes) instead
  // of hanging, and the engine set boots a new VM for the next lab. Seen under TCG: both vCPUs
  // deadlocked in runc, with soft lockups on the console (see BOOT_ATTEMPTS in vm.ts).
  let unanswered = 0;
  let watching = false;
  const watchdog = setInterval(async () => {
    if (!running || expected || watching) return;
    watching = true;
    try {
      let why: string | undefined;
      if (vm.console.stall) why = `the guest kernel reports a stuck CPU ("${vm.console.stall.slice(0, 160)}")`;
      else if ((await fetchWithTimeout(`http://127.0.0.1:${port}/_ping`, WATCHDOG_PING_MS))?.ok) unanswered = 0;
      else if (++unanswered >= WATCHDOG_MISSES) why = `the guest's Docker did not answer ${unanswered} pings in a row (${(WATCHDOG_MISSES * (WATCHDOG_EVERY_MS + WATCHDOG_PING_MS)) / 1000} s at most)`;
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
    description: `vm (qemu ${accel}, 127.0.0.1:${port})`,
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
    get stall() {
      return vm.console.stall;
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
      if (vm.console.stall) {
        if (!stallLogged) log(`vm: the guest kernel reports a stuck CPU ("${vm.console.stall}"); treating the engine as down`);
        stallLogged = true;
        return false;
      }
      const answer = await fetchWithTimeout(`http://127.0.0.1:${port}/_ping`, 5000);
      return Boolean(answer?.ok) && running;
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
