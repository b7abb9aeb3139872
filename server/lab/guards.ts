// The lab manager's background rounds. The idle reaper destroys labs nobody used for a while. The
// disk guard stops labs over their disk quota: overlay2 on ext4 has no per-container quota, so a
// learner's disk filler would fill the engine's disk.
import { OpslabError } from '../errors.js';
import { type DiskQuota, type HostDiskUse, overQuota } from './disk.js';
import type { ClusterStore, LabRow } from '../store/types.js';
import type { Lab } from './types.js';

/** Every `everyMs`, destroys the labs (not busy) idle for longer than `idleMs`. */
export function startIdleReaper(props: {
  labs: () => Iterable<Lab>;
  idleMs: number;
  everyMs: number;
  destroy: (id: string) => Promise<void>;
  log: (line: string) => void;
}): NodeJS.Timeout {
  const timer = setInterval(() => {
    const now = Date.now();
    for (const lab of props.labs()) {
      if (!lab.busy && now - lab.lastActive.getTime() > props.idleMs) {
        props.destroy(lab.id).catch((e) => props.log(`reaping ${lab.id} failed: ${(e as Error).message}`));
      }
    }
  }, props.everyMs);
  timer.unref();
  return timer;
}

/**
 * One round of the reaper over the store's rows (servers sharing a store; the `reaper` lease
 * holder runs it): destroys the ready and failed labs idle longer than `idleMs`. Each is read
 * again just before: a reset or a touch since the list was read keeps the lab.
 */
export async function reapRows(props: {
  store: Pick<ClusterStore, 'listLabs' | 'getLab'>;
  idleMs: number;
  /** Labs this server is starting or resetting now. */
  skip: (id: string) => boolean;
  /** This server's own idea of a lab's last activity (written to the store at most every 30 s). */
  lastActive: (id: string) => Date | undefined;
  destroy: (id: string) => Promise<void>;
  log: (line: string) => void;
  poolLearner: string;
}): Promise<void> {
  const { store, idleMs } = props;
  const idle = (row: LabRow) => Date.now() - Math.max(Date.parse(row.lastActive), props.lastActive(row.id)?.getTime() ?? 0) > idleMs;
  for (const row of await store.listLabs({ states: ['ready', 'failed'] })) {
    if (row.learner === props.poolLearner || props.skip(row.id) || !idle(row)) continue;
    const now = await store.getLab(row.id);
    if (!now || now.version !== row.version || !idle(now)) continue;
    await props.destroy(row.id).catch((e: Error) => props.log(`reaping ${row.id} failed: ${e.message}`));
  }
}

/**
 * Every `everyMs`, each ready lab is measured (disk.ts: the writable layers, the bind-mounted
 * /etc/hosts, /etc/resolv.conf and /etc/hostname, and the layers' inodes); a lab over either limit
 * of `quota`, or one the engine cannot measure, is failed with LAB_QUOTA saying which limit (which
 * removes its containers). Each round first retries the removals that failed before (`sweep`).
 */
export function startDiskGuard(props: {
  labs: () => Iterable<Lab>;
  quota: DiskQuota;
  everyMs: number;
  measure: (lab: Lab, stopAt: DiskQuota) => Promise<Record<string, HostDiskUse>>;
  fail: (lab: Lab, error: OpslabError) => Promise<void>;
  sweep: () => Promise<void>;
  log: (line: string) => void;
}): NodeJS.Timeout {
  const { quota } = props;
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await props.sweep();
      for (const lab of props.labs()) {
        if (lab.state !== 'ready' || lab.busy) continue;
        const use = await props.measure(lab, quota).catch((e: Error) => {
          props.log(`${lab.id}: disk not measured this round: ${e.message}`);
          return undefined;
        });
        const why = use && overQuota(use, quota);
        if (why && lab.state === 'ready' && !lab.busy) await props.fail(lab, new OpslabError('LAB_QUOTA', `${why}, and was stopped. Reset it to start again.`));
      }
    } finally {
      running = false;
    }
  }, props.everyMs);
  timer.unref();
  return timer;
}
