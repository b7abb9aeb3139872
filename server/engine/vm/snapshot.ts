// Snapshots of a Docker-ready guest, so later VMs resume in ~2 s instead of booting in ~20 s.
// QEMU's own mechanism: the running guest is migrated to a file (`migrate exec:cat > state`), and
// a later QEMU with the same command line reads it back (`-incoming defer`, `migrate-incoming`).
// The disk must match the memory, so every VM runs on a qcow2 overlay of its own (qemu-img), and the
// overlay of the VM that was saved is copied while the guest is paused after the migration; resumed
// VMs get a fresh overlay on top of that copy. The guest's dockerd keeps the TLS files it had when it
// was saved, so the snapshot keeps them too (0600 in a 0700 directory, as readable as the image).
//
// Kept at <image dir>/snapshots/<key>/{state,disk.qcow2,tls.json,meta.json}; the key covers
// everything the migration stream depends on (image, QEMU binary, machine shape, kernel command
// line), so a stale snapshot is never resumed: a different key boots cold and saves a new one.
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { chmod, copyFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { findExecutable, isProcessAlive, sleep } from '../host.js';
import type { EngineLog, FeatureReport } from '../types.js';
import type { Qmp } from './channels.js';
import type { VmManifest } from './image.js';
import type { Accel } from './qemu.js';
import type { VmTls } from './tls.js';

const run = promisify(execFile);
/** Raise when what a snapshot holds or how it is resumed changes. */
const FORMAT = 4;
/** Snapshots kept per image (the newest; one per machine shape in use: the server's, a test's ...); each is ~0.3 GiB. */
const KEEP = 4;

/** What identifies a snapshot: everything the guest's saved state depends on. */
export interface SnapshotShape {
  accel: Accel;
  cpu: string;
  memoryMiB: number;
  cpus: number;
  labsMemoryMiB: number;
  append?: string;
}

export interface SnapshotMeta {
  format: number;
  key: string;
  image: string;
  qemu: string;
  shape: SnapshotShape;
  /** The guest's Docker API version. */
  apiVersion: string;
  /** The feature probe's report, from the guest as it was saved. */
  features?: FeatureReport;
  createdAt: string;
  /** The cold boot this snapshot came from: QEMU start to Docker answering, and the first container. */
  coldBootMs: number;
  warmUpMs: number;
  saveMs: number;
  stateBytes: number;
}

export interface Snapshot {
  dir: string;
  meta: SnapshotMeta;
  tls: VmTls;
  state: string;
  disk: string;
}

let qemuVersion: Promise<string> | undefined;
/** The QEMU binary's version line and file identity: a new QEMU cannot be trusted with an old stream. */
function qemuIdentity(): Promise<string> {
  qemuVersion ??= (async () => {
    const qemu = findExecutable('qemu-system-x86_64');
    if (!qemu) return 'none';
    const { stdout } = await run(qemu, ['--version'], { timeout: 10_000 }).catch(() => ({ stdout: '' }));
    const st = statSync(qemu);
    return `${stdout.split('\n')[0]?.trim()} ${st.size} ${Math.floor(st.mtimeMs)}`;
  })();
  return qemuVersion;
}

export async function snapshotKey(props: { manifest: VmManifest; shape: SnapshotShape }): Promise<{ key: string; qemu: string }> {
  const qemu = await qemuIdentity();
  const { shape } = props;
  const canonical = JSON.stringify([FORMAT, props.manifest.hash, qemu, shape.accel, shape.cpu, shape.memoryMiB, shape.cpus, shape.labsMemoryMiB, shape.append ?? '']);
  return { key: createHash('sha256').update(canonical).digest('hex').slice(0, 20), qemu };
}

/**
 * Why snapshots cannot be used here, or undefined when they can: they need qemu-img (Debian's
 * qemu-utils) for the overlays, and a directory path QEMU's `exec:` migration can be given as is.
 */
export function snapshotsUnavailable(imageDir: string): string | undefined {
  if (!findExecutable('qemu-img')) return 'qemu-img is not installed (Debian package qemu-utils; `opslab setup --vm` installs it)';
  if (!/^[\w./-]+$/.test(imageDir)) return `the image directory ${imageDir} has characters a migration command cannot take`;
  return undefined;
}

const snapshotsDir = (imageDir: string) => join(imageDir, 'snapshots');

/** The snapshot for `key`, if one is complete and its disk's chain is intact; undefined otherwise. */
export function findSnapshot(props: { imageDir: string; key: string }): Snapshot | undefined {
  const dir = join(snapshotsDir(props.imageDir), props.key);
  try {
    const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as SnapshotMeta;
    if (meta.format !== FORMAT || meta.key !== props.key) return undefined;
    const tls = JSON.parse(readFileSync(join(dir, 'tls.json'), 'utf8')) as VmTls;
    const snapshot = { dir, meta, tls, state: join(dir, 'state'), disk: join(dir, 'disk.qcow2') };
    if (!existsSync(snapshot.state) || !existsSync(snapshot.disk)) return undefined;
    return snapshot;
  } catch {
    return undefined;
  }
}

/** Every snapshot of an image, newest first (for `opslab engine status` and pruning). */
export function listSnapshots(imageDir: string): { key: string; dir: string; meta?: SnapshotMeta; bytes: number }[] {
  let names: string[] = [];
  try {
    names = readdirSync(snapshotsDir(imageDir)).filter((n) => !n.startsWith('.'));
  } catch {
    return [];
  }
  return names
    .map((key) => {
      const dir = join(snapshotsDir(imageDir), key);
      let meta: SnapshotMeta | undefined;
      try {
        meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as SnapshotMeta;
      } catch {
        // incomplete or foreign: listed without meta
      }
      const bytes = ['state', 'disk.qcow2'].reduce((n, f) => n + (existsSync(join(dir, f)) ? statSync(join(dir, f)).size : 0), 0);
      return { key, dir, meta, bytes };
    })
    .sort((a, b) => (b.meta?.createdAt ?? '').localeCompare(a.meta?.createdAt ?? ''));
}

/** Removes a snapshot: renamed aside first, so a removal cut short never leaves a half snapshot under its key. */
export async function discardSnapshot(snapshot: { dir: string }): Promise<void> {
  const aside = join(snapshot.dir, '..', `.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await rename(snapshot.dir, aside);
  } catch {
    return; // gone already
  }
  await rm(aside, { recursive: true, force: true });
}

/** A qcow2 overlay at `file` over `backing` (raw base or a snapshot's overlay): the VM's own disk. */
export async function createOverlay(props: { file: string; backing: string; backingFormat: 'raw' | 'qcow2' }): Promise<void> {
  const qemuImg = findExecutable('qemu-img');
  if (!qemuImg) throw new Error('qemu-img is not installed');
  await run(qemuImg, ['create', '-q', '-f', 'qcow2', '-b', props.backing, '-F', props.backingFormat, props.file], { timeout: 30_000 });
  await chmod(props.file, 0o600); // what the guest writes to its disk is the labs'
}

/**
 * Saves the running guest: migrates it to a file (the guest pauses when that completes), copies its
 * disk overlay while it is paused, writes what a resume needs, and lets the guest run on. Written to
 * a temporary directory and renamed into place, so a snapshot is complete or absent; when another
 * process saved the same key first, theirs is kept. The guest runs on in every case.
 */
/** What saving needs of QEMU's monitor (channels.ts Qmp). */
type Monitor = Pick<Qmp, 'execute' | 'status'>;

export async function saveSnapshot(props: {
  qmp: Monitor;
  imageDir: string;
  key: string;
  overlay: string;
  meta: Omit<SnapshotMeta, 'format' | 'key' | 'createdAt' | 'saveMs' | 'stateBytes'>;
  tls: VmTls;
  log: EngineLog;
  /** How long the migration may take (default 120 s). */
  migrationTimeoutMs?: number;
}): Promise<Snapshot | undefined> {
  const { qmp, imageDir, key, log } = props;
  const root = snapshotsDir(imageDir);
  const tmp = join(root, `.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  const started = Date.now();
  let migrating = false;
  try {
    await mkdir(root, { recursive: true, mode: 0o700 });
    await mkdir(tmp, { mode: 0o700 });
    await qmp.execute('migrate-set-parameters', { 'max-bandwidth': 64 * 1024 ** 3 }, 10_000);
    // The state file is made 0600 before QEMU's shell writes to it (the guest's memory holds its keys).
    await writeFile(join(tmp, 'state'), '', { mode: 0o600 });
    await qmp.execute('migrate', { uri: `exec:cat > ${join(tmp, 'state')}` }, 10_000);
    migrating = true;
    await migrationDone({ qmp, timeoutMs: props.migrationTimeoutMs ?? 120_000 });
    migrating = false;
    await copyFile(props.overlay, join(tmp, 'disk.qcow2'));
    await chmod(join(tmp, 'disk.qcow2'), 0o600);
    const stateBytes = statSync(join(tmp, 'state')).size;
    const meta: SnapshotMeta = { ...props.meta, format: FORMAT, key, createdAt: new Date().toISOString(), saveMs: Date.now() - started, stateBytes };
    await writeFile(join(tmp, 'tls.json'), JSON.stringify(props.tls), { mode: 0o600 });
    await writeFile(join(tmp, 'meta.json'), JSON.stringify(meta, null, 2), { mode: 0o600 });
    await resume(qmp);
    await settle({ root, tmp, key, imageDir, log });
    log(`vm: snapshot ${key} saved in ${(meta.saveMs / 1000).toFixed(1)} s (${Math.round(stateBytes / 2 ** 20)} MiB of memory)`);
    await prune({ imageDir, keep: key });
    return findSnapshot({ imageDir, key });
  } catch (e) {
    log(`vm: saving a snapshot failed (${(e as Error).message}); later VMs boot cold`);
    // A migration still under way would pause the guest when it ends: stop it first.
    if (migrating) await cancelMigration(qmp).catch(() => {});
    await resume(qmp).catch(() => {});
    await rm(tmp, { recursive: true, force: true }).catch(() => {});
    return undefined;
  }
}

/**
 * Renames the finished save into place. Another process's complete snapshot of the same key is
 * kept; a broken directory in its place (a removal that was killed half-way) is moved aside first.
 */
async function settle(props: { root: string; tmp: string; key: string; imageDir: string; log: EngineLog }): Promise<void> {
  const { root, tmp, key, imageDir, log } = props;
  const dir = join(root, key);
  try {
    await rename(tmp, dir);
    return;
  } catch {
    // taken: by a complete snapshot, or by what a killed removal left
  }
  if (findSnapshot({ imageDir, key })) {
    log('vm: another process saved this snapshot first; keeping theirs');
    await rm(tmp, { recursive: true, force: true });
    return;
  }
  await discardSnapshot({ dir });
  await rename(tmp, dir);
}

async function cancelMigration(qmp: Monitor): Promise<void> {
  await qmp.execute('migrate_cancel', {}, 10_000);
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const info = (await qmp.execute('query-migrate', {}, 10_000)) as { status?: string };
    if (info.status !== 'active' && info.status !== 'setup' && info.status !== 'cancelling' && info.status !== 'device') return;
    await sleep(100);
  }
}

async function resume(qmp: Monitor): Promise<void> {
  if ((await qmp.status(10_000)) !== 'running') await qmp.execute('cont', {}, 10_000);
}

/** Waits for an outgoing (`migrate`) or incoming migration to finish; throws when it fails or stalls. */
export async function migrationDone(props: { qmp: Monitor; timeoutMs: number }): Promise<void> {
  const deadline = Date.now() + props.timeoutMs;
  for (;;) {
    const info = (await props.qmp.execute('query-migrate', {}, 10_000)) as { status?: string; 'error-desc'?: string };
    if (info.status === 'completed') return;
    if (info.status === 'failed' || info.status === 'cancelled') throw new Error(`migration ${info.status}${info['error-desc'] ? `: ${info['error-desc']}` : ''}`);
    if (Date.now() > deadline) throw new Error(`migration not done within ${props.timeoutMs / 1000} s (status ${info.status ?? 'unknown'})`);
    await sleep(50);
  }
}

/** Removes all but the newest KEEP snapshots (and `keep`), and temporary directories of dead saves. */
async function prune(props: { imageDir: string; keep: string }): Promise<void> {
  const all = listSnapshots(props.imageDir);
  const old = all.filter((s) => s.key !== props.keep).slice(KEEP - 1);
  for (const s of old) await discardSnapshot(s);
  // `.tmp-PID-...`: a save that a killed process left half-written.
  for (const name of readdirSync(snapshotsDir(props.imageDir)).filter((n) => n.startsWith('.tmp-'))) {
    const pid = Number(name.split('-')[1]);
    if (pid && !isProcessAlive(pid)) await rm(join(snapshotsDir(props.imageDir), name), { recursive: true, force: true });
  }
}
