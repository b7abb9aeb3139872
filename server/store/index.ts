import path from 'node:path';
import type { Store } from './types.js';

export type { Store, LearnerRecord, TaskProgress, CheckRun, LabRecord, LabStartRecord } from './types.js';
export { HISTORY_CHARS, HISTORY_RUNS, KEPT_MESSAGE_CHARS, KEPT_OUTPUT_CHARS } from './kept-results.js';

/** OPSLAB_DATABASE_URL=postgres://... for PostgreSQL; otherwise SQLite in the data directory. */
/** `log`: where the SQLite store says it backed the file up before migrating it (PostgreSQL: pg_dump first, docs/upgrading.md). */
export async function openStore(props: { dataDir: string; url?: string; log?: (line: string) => void }): Promise<Store> {
  if (props.url?.startsWith('postgres')) return (await import('./postgres.js')).openPostgresStore({ url: props.url });
  const file = props.url?.startsWith('sqlite:') ? props.url.slice('sqlite:'.length) : path.join(props.dataDir, 'opslab.sqlite');
  return (await import('./sqlite.js')).openSqliteStore({ file, log: props.log });
}
