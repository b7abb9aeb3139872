// SQLite (better-sqlite3): one file in the data directory, WAL, migrations at open, and a backup
// of the file before migrations change it (sqlite-backup.ts).
import Database from 'better-sqlite3';
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { MIGRATIONS } from './migrations.js';
import { ownerOnlyDatabase } from './owner-only.js';
import { backupBeforeMigrating } from './sqlite-backup.js';
import { migrate, sqlStore, type Driver } from './sql.js';
import type { Store } from './types.js';

export async function openSqliteStore(props: {
  file: string;
  /** Where a line about a backup goes (the server's log). */
  log?: (line: string) => void;
  /** Pre-migration backups: their folder (default: the file's) and how many are kept. */
  backups?: { dir?: string; keep?: number };
}): Promise<Store> {
  if (props.file !== ':memory:') {
    // Owner-only: a folder made here, and the file with its -wal and -shm (owner-only.ts).
    mkdirSync(path.dirname(props.file), { recursive: true, mode: 0o700 });
    ownerOnlyDatabase(props.file);
  }
  const db = new Database(props.file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  if (props.file !== ':memory:') {
    // Nothing is migrated unless the database as it was is safe in a copy first.
    try {
      await backupBeforeMigrating({ db, file: props.file, target: MIGRATIONS.length, ...props.backups, log: props.log ?? (() => {}) });
    } catch (e) {
      db.close();
      throw e;
    }
  }
  // One connection: transactions are serialized with a promise chain so nothing interleaves.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => {});
    return next;
  };
  // One server per SQLite file: a lab's changes are told in this process only.
  const changes = new EventEmitter<{ lab: [id: string] }>();
  changes.setMaxListeners(0);
  const raw: Driver = {
    kind: 'sqlite',
    nowMs: "CAST(unixepoch('subsec') * 1000 AS INTEGER)",
    notify: async (id) => {
      changes.emit('lab', id);
    },
    listen: (listener) => {
      changes.on('lab', listener);
      return () => changes.off('lab', listener);
    },
    all: async <T>(sql: string, params: unknown[] = []) => db.prepare(sql).all(...params) as T[],
    run: async (sql, params = []) => {
      db.prepare(sql).run(...params);
    },
    exec: async (sql) => {
      db.exec(sql);
    },
    transaction: async () => {
      throw new Error('nested transactions are not supported');
    },
    close: async () => {
      db.close();
    },
  };
  const driver: Driver = {
    ...raw,
    all: (sql, params) => serial(() => raw.all(sql, params)),
    run: (sql, params) => serial(() => raw.run(sql, params)),
    exec: (sql) => serial(() => raw.exec(sql)),
    transaction: (fn) =>
      serial(async () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await fn(raw);
          db.exec('COMMIT');
          return result;
        } catch (e) {
          db.exec('ROLLBACK');
          throw e;
        }
      }),
    close: () => serial(() => raw.close()),
  };
  await migrate(driver);
  return sqlStore(driver);
}
