// The server's files are its user's alone. The SQLite store holds every learner's progress, quiz
// answers, check output and labs; its pre-upgrade backups hold the same. Made with the process's
// umask (022 on most machines, and under the systemd unit), they were 0644: any local user could
// read every learner's records. Now the data directory is made 0700, and the database, its -wal and
// -shm, and every backup are 0600 whatever the umask, including a file an older opslab left 0644.
import Database from 'better-sqlite3';
import { chmodSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { MIGRATIONS } from '../../server/store/migrations.js';
import { openStore, type Store } from '../../server/store/index.js';

const modeOf = (file: string) => statSync(file).mode & 0o777;

describe('the files the server keeps', () => {
  const opened: Store[] = [];
  let umask = 0;
  beforeEach(() => {
    // What most machines run with: group and others may read what is made.
    umask = process.umask(0o022);
  });
  afterEach(async () => {
    process.umask(umask);
    for (const s of opened.splice(0)) await s.close();
  });

  it('makes a new data directory 0700, and the database, its -wal and -shm 0600, under umask 022', async () => {
    const dataDir = path.join(mkdtempSync(path.join(tmpdir(), 'opslab-modes-')), 'data');
    const config = loadConfig({ OPSLAB_DATA: dataDir } as NodeJS.ProcessEnv);
    expect(config.dataDir).toBe(dataDir);
    expect(modeOf(dataDir)).toBe(0o700);
    expect(modeOf(path.join(dataDir, 'secret'))).toBe(0o600);
    const store = await openStore({ dataDir });
    opened.push(store);
    await store.ensureLearner({ id: 'l_0123456789abcdef' });
    const files = readdirSync(dataDir).filter((n) => n.startsWith('opslab.sqlite'));
    expect(files.sort()).toEqual(['opslab.sqlite', 'opslab.sqlite-shm', 'opslab.sqlite-wal']);
    for (const f of files) expect([f, modeOf(path.join(dataDir, f)).toString(8)]).toEqual([f, '600']);
  });

  it('makes the backup taken before a migration 0600, and tightens a database an older opslab left 0644', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'opslab-modes-'));
    const file = path.join(dir, 'opslab.sqlite');
    const old = new Database(file);
    old.exec('CREATE TABLE schema_version (version INTEGER NOT NULL)');
    old.exec(MIGRATIONS[0]!);
    old.prepare('INSERT INTO schema_version (version) VALUES (1)').run();
    old.close();
    chmodSync(file, 0o644);
    writeFileSync(`${file}-wal`, '', { mode: 0o644 });
    const store = await openStore({ dataDir: dir });
    opened.push(store);
    const backups = readdirSync(dir).filter((n) => n.endsWith('.bak'));
    expect(backups).toHaveLength(1);
    expect(modeOf(path.join(dir, backups[0]!)).toString(8)).toBe('600');
    expect(modeOf(file).toString(8)).toBe('600');
    expect(modeOf(`${file}-wal`).toString(8)).toBe('600');
  });
});
