// Before an upgrade changes a SQLite database's schema, a copy of it as it was:
// `<file>.before-v<N>.<time>.bak` beside it (N: the schema version it is about to get), made with
// SQLite's online backup (consistent, WAL included), checked, and kept with the few before it.
// Rolling back is: stop the server, put the copy in place of the file (removing its -wal and -shm),
// start the old version (docs/upgrading.md). A fresh file, or one with nothing to migrate, gets none.
import type Database from 'better-sqlite3';
import BetterSqlite from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { OpslabError } from '../errors.js';
import { createOwnerOnly } from './owner-only.js';

/** Backups kept per database file; older ones are removed when a new one is made. */
export const BACKUPS_KEPT = 3;

/** The schema version a database is at: 0 for tables but no version, undefined for no tables at all (a new file). */
export function schemaVersion(db: Database.Database): number | undefined {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
  if (tables.length === 0) return undefined;
  if (!tables.includes('schema_version')) return 0;
  return Number(db.prepare('SELECT MAX(version) FROM schema_version').pluck().get() ?? 0);
}

/** `20261205T175901Z`: sortable, and a valid file name everywhere. */
const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

/**
 * Copies the database to `<dir>/<name>.before-v<target>.<time>.bak` when it has a schema older
 * than `target` (nothing for a new file or a current one), then removes all but the newest `keep`.
 * Returns the copy's path. Throws STORE_BACKUP_FAILED, having left the database as it was and no
 * partial copy behind, when the copy cannot be written or read back.
 */
export async function backupBeforeMigrating(props: {
  db: Database.Database;
  file: string;
  target: number;
  /** Where the copies go (default: beside the file). */
  dir?: string;
  keep?: number;
  log: (line: string) => void;
  now?: Date;
}): Promise<string | undefined> {
  const { db, file, target, log } = props;
  const from = schemaVersion(db);
  if (from === undefined || from >= target) return undefined;
  const dir = props.dir ?? path.dirname(file);
  const base = path.basename(file);
  let dest = path.join(dir, `${base}.before-v${target}.${stamp(props.now ?? new Date())}.bak`);
  for (let n = 2; existsSync(dest); n++) dest = dest.replace(/(-\d+)?\.bak$/, `-${n}.bak`);
  const t0 = performance.now();
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // The copy holds what the database does: owner-only from its first byte (owner-only.ts).
    createOwnerOnly(dest);
    await db.backup(dest);
    // A self-contained file (no -wal beside it), read back before anything is changed.
    const copy = new BetterSqlite(dest);
    try {
      copy.pragma('journal_mode = DELETE');
      const check = copy.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new Error(`the copy fails SQLite's quick_check: ${String(check)}`);
      const version = schemaVersion(copy);
      if (version !== from) throw new Error(`the copy is at schema version ${version}, the database at ${from}`);
    } finally {
      copy.close();
    }
  } catch (e) {
    for (const f of [dest, `${dest}-wal`, `${dest}-shm`, `${dest}-journal`]) {
      try {
        rmSync(f, { force: true });
      } catch {
        // Not there, or its folder is not one: nothing to remove.
      }
    }
    throw new OpslabError(
      'STORE_BACKUP_FAILED',
      `Not upgrading ${file} from schema version ${from} to ${target}: its backup ${dest} could not be made (${(e as Error).message}). The database is as it was. Make ${dir} writable with room for a copy of the database, then start again.`,
      { cause: e },
    );
  }
  log(`store: backed up ${file} (schema version ${from}) to ${dest} in ${((performance.now() - t0) / 1000).toFixed(1)} s before migrating it to version ${target}`);
  pruneBackups({ dir, base, keep: props.keep ?? BACKUPS_KEPT, log });
  return dest;
}

/**
 * Removes all but the newest `keep` backups of `base` in `dir`. Housekeeping: the new copy is made
 * already, so what cannot be removed is logged and left, and the upgrade goes on.
 */
function pruneBackups(props: { dir: string; base: string; keep: number; log: (line: string) => void }): void {
  const { dir, base, keep, log } = props;
  const ours = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.before-v\\d+\\.\\d{8}T\\d{6}Z(-\\d+)?\\.bak$`);
  let backups: { name: string; at: number }[];
  try {
    backups = readdirSync(dir)
      .filter((name) => ours.test(name))
      .map((name) => ({ name, at: statSync(path.join(dir, name), { throwIfNoEntry: false })?.mtimeMs ?? 0 }))
      .sort((a, b) => b.at - a.at || b.name.localeCompare(a.name));
  } catch (e) {
    log(`store: could not list the older backups in ${dir} to remove them (${(e as Error).message})`);
    return;
  }
  for (const old of backups.slice(keep)) {
    const file = path.join(dir, old.name);
    try {
      rmSync(file, { force: true });
      log(`store: removed the older backup ${file} (the newest ${keep} are kept)`);
    } catch (e) {
      log(`store: could not remove the older backup ${file} (${(e as Error).message}); remove it by hand`);
    }
  }
}
