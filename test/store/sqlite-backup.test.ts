// Upgrades of a SQLite store: before migrations change an existing database file, the server copies
// it (`<file>.before-v<N>.<time>.bak`), keeps the newest three copies, and migrates only once the
// copy is made and read back. An old database is made here the way an older opslab left it: WAL, the
// first migrations only, and data in them.
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isOpslabError } from '../../server/errors.js';
import { MIGRATIONS } from '../../server/store/migrations.js';
import { openSqliteStore } from '../../server/store/sqlite.js';
import { BACKUPS_KEPT, schemaVersion } from '../../server/store/sqlite-backup.js';
import type { Store } from '../../server/store/index.js';

const OLD = 2;
const CURRENT = MIGRATIONS.length;
const BACKUP = new RegExp(`^opslab\\.sqlite\\.before-v${CURRENT}\\.\\d{8}T\\d{6}Z(-\\d+)?\\.bak$`);

/** A database file at schema version `version`, with a learner and a lab in it, as opslab left it. */
function oldDatabase(version = OLD): { dir: string; file: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'opslab-upgrade-'));
  const file = path.join(dir, 'opslab.sqlite');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE schema_version (version INTEGER NOT NULL)');
  for (let v = 0; v < version; v++) {
    db.exec(MIGRATIONS[v]!);
    db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(v + 1);
  }
  db.prepare("INSERT INTO learners (id, display_name, created_at) VALUES ('l_ada', 'Ada', '2026-01-01T00:00:00Z')").run();
  db.prepare("INSERT INTO labs (id, learner, exercise, engine, state, created_at) VALUES ('lab-1', 'l_ada', 'arp-cache', 'local', 'ready', '2026-01-01T00:00:00Z')").run();
  db.close();
  return { dir, file };
}

const backupsIn = (dir: string) => readdirSync(dir).filter((n) => BACKUP.test(n));
const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const columns = (db: Database.Database, table: string) => (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);

describe('SQLite store upgrades', () => {
  const opened: Store[] = [];
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
  });
  const open = async (props: Parameters<typeof openSqliteStore>[0]) => {
    const store = await openSqliteStore(props);
    opened.push(store);
    return store;
  };

  it('backs up an old database before migrating it: the copy holds the old schema and its data, the log says where', async () => {
    const { dir, file } = oldDatabase();
    const lines: string[] = [];
    const store = await open({ file, log: (l) => lines.push(l) });

    const [name, ...more] = backupsIn(dir);
    expect(more).toEqual([]);
    expect(name).toMatch(BACKUP);
    const backup = path.join(dir, name!);
    expect(lines.join('\n')).toContain(backup);
    // A file of its own (no -wal or -shm to carry along), at the old version, with the old data.
    expect(readdirSync(dir).filter((n) => n.startsWith(`${name}-`))).toEqual([]);
    const copy = new Database(backup, { readonly: true });
    expect(schemaVersion(copy)).toBe(OLD);
    expect(columns(copy, 'labs')).not.toContain('engine_id'); // added by migration 3
    expect(copy.prepare('SELECT display_name FROM learners WHERE id = ?').pluck().get('l_ada')).toBe('Ada');
    expect(copy.prepare('SELECT state FROM labs WHERE id = ?').pluck().get('lab-1')).toBe('ready');
    copy.close();

    // And the database itself was migrated, its data kept.
    expect((await store.getLearner('l_ada'))?.displayName).toBe('Ada');
    await store.close();
    opened.length = 0;
    const live = new Database(file, { readonly: true });
    expect(schemaVersion(live)).toBe(CURRENT);
    expect(columns(live, 'labs')).toContain('engine_id');
    live.close();
  });

  it('makes no backup of a new database, nor of a current one', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'opslab-upgrade-'));
    const file = path.join(dir, 'opslab.sqlite');
    const lines: string[] = [];
    await (await open({ file, log: (l) => lines.push(l) })).close();
    opened.length = 0;
    await open({ file, log: (l) => lines.push(l) });
    expect(readdirSync(dir).filter((n) => n.includes('.bak'))).toEqual([]);
    expect(lines).toEqual([]);
  });

  it(`keeps the newest ${BACKUPS_KEPT} backups of the file and no older ones, leaving other files alone`, async () => {
    const { dir, file } = oldDatabase();
    const day = 86_400;
    const olds = ['20250101T000000Z', '20250201T000000Z', '20250301T000000Z', '20250401T000000Z'].map((t, i) => {
      const f = path.join(dir, `opslab.sqlite.before-v${CURRENT}.${t}.bak`);
      writeFileSync(f, 'an earlier backup');
      utimesSync(f, Date.now() / 1000 - (10 - i) * day, Date.now() / 1000 - (10 - i) * day);
      return path.basename(f);
    });
    const other = path.join(dir, `other.sqlite.before-v${CURRENT}.20240101T000000Z.bak`);
    writeFileSync(other, 'not ours');
    const lines: string[] = [];
    await open({ file, log: (l) => lines.push(l) });
    const kept = backupsIn(dir).sort();
    expect(kept).toHaveLength(BACKUPS_KEPT);
    // The new one and the newest earlier ones.
    expect(kept.slice(0, BACKUPS_KEPT - 1)).toEqual(olds.slice(-(BACKUPS_KEPT - 1)));
    expect(existsSync(other)).toBe(true);
    expect(lines.filter((l) => l.includes('removed the older backup'))).toHaveLength(olds.length + 1 - BACKUPS_KEPT);
  });

  it('migrates once its backup is made even when an older backup cannot be removed (pruning is housekeeping)', async () => {
    const { dir, file } = oldDatabase();
    // The oldest "backup" is something rm cannot remove without recursion (an operator's folder of that name).
    const stuck = path.join(dir, `opslab.sqlite.before-v${CURRENT}.20240101T000000Z.bak`);
    mkdirSync(stuck);
    writeFileSync(path.join(stuck, 'keep'), 'mine');
    utimesSync(stuck, Date.now() / 1000 - 100 * 86_400, Date.now() / 1000 - 100 * 86_400);
    for (const t of ['20250101T000000Z', '20250201T000000Z', '20250301T000000Z']) writeFileSync(path.join(dir, `opslab.sqlite.before-v${CURRENT}.${t}.bak`), 'an earlier backup');
    const lines: string[] = [];
    const store = await open({ file, log: (l) => lines.push(l) });
    expect((await store.getLearner('l_ada'))?.displayName).toBe('Ada');
    expect(existsSync(path.join(stuck, 'keep'))).toBe(true);
    expect(lines.some((l) => l.includes(stuck) && /could not remove/.test(l))).toBe(true);
    const live = new Database(file, { readonly: true });
    expect(schemaVersion(live)).toBe(CURRENT);
    live.close();
  });

  it('refuses to migrate when the backup cannot be written: a clear error, the database untouched, no partial copy', async () => {
    const { dir, file } = oldDatabase();
    const before = digest(file);
    // A folder that cannot be made (its parent is a file); an unwritable one is the next test.
    const blocker = path.join(dir, 'not-a-folder');
    writeFileSync(blocker, '');
    const backups = path.join(blocker, 'backups');
    const error = await openSqliteStore({ file, backups: { dir: backups } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isOpslabError(error, 'STORE_BACKUP_FAILED')).toBe(true);
    expect((error as Error).message).toMatch(new RegExp(`^Not upgrading ${file} from schema version ${OLD} to ${CURRENT}: its backup ${backups}/opslab\\.sqlite\\.before-v${CURRENT}\\.\\S+\\.bak could not be made \\(.+\\)\\. The database is as it was\\. Make ${backups} writable`));
    expect(digest(file)).toBe(before);
    expect(readdirSync(dir).sort()).toEqual(['not-a-folder', 'opslab.sqlite']);
    const db = new Database(file, { readonly: true });
    expect(schemaVersion(db)).toBe(OLD);
    db.close();
  });

  it('refuses to migrate when the backup folder is not writable (the store opened by an unprivileged user)', () => {
    const { dir, file } = oldDatabase();
    const before = digest(file);
    const backups = path.join(dir, 'backups');
    mkdirSync(backups);
    chmodSync(backups, 0o555);
    // Root writes anywhere: the store is opened by another process, as nobody when this runs as root.
    const asNobody = process.getuid?.() === 0;
    if (asNobody) for (const f of [dir, file, backups]) chownSync(f, 65534, 65534);
    const script = `
      const { openSqliteStore } = await import(${JSON.stringify(path.resolve('server/store/sqlite.ts'))});
      const out = await openSqliteStore({ file: ${JSON.stringify(file)}, backups: { dir: ${JSON.stringify(backups)} } }).then(
        async (s) => { await s.close(); return { opened: true }; },
        (e) => ({ code: e.code, message: e.message }),
      );
      console.log(JSON.stringify(out));`;
    const node = [process.execPath, '--import', 'tsx/esm', '--input-type=module', '-e', script];
    const cmd = asNobody ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', ...node] : node;
    const out = JSON.parse(execFileSync(cmd[0]!, cmd.slice(1), { encoding: 'utf8' }).trim().split('\n').at(-1)!) as { code?: string; message?: string };
    expect(out.code).toBe('STORE_BACKUP_FAILED');
    expect(out.message).toMatch(/could not be made \(.*(permission denied|EACCES|unable to open).*\)/i);
    expect(digest(file)).toBe(before);
    expect(readdirSync(backups)).toEqual([]);
    const db = new Database(file, { readonly: true });
    expect(schemaVersion(db)).toBe(OLD);
    db.close();
  });
});
