// The store's files hold every learner's records (progress, quiz answers, check output, labs): they
// are the server user's alone, 0600 whatever the process's umask, as the cookie secret is.
import { chmodSync, closeSync, openSync, statSync } from 'node:fs';

/** Owner read and write, nothing for group or others. */
export const OWNER_ONLY = 0o600;

/**
 * Makes `file` (created empty when missing) and the -wal, -shm and -journal files SQLite keeps
 * beside it owner-only, before SQLite opens it: SQLite makes those with the database's own mode.
 * A file of this user's that an older opslab left readable by all is tightened too (another user's
 * file is left as its owner made it).
 */
export function ownerOnlyDatabase(file: string): void {
  try {
    createOwnerOnly(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    const st = statSync(f, { throwIfNoEntry: false });
    if (st && st.uid === process.getuid?.() && (st.mode & 0o777) !== OWNER_ONLY) chmodSync(f, OWNER_ONLY);
  }
}

/** Creates `file` empty and owner-only; fails if it is there already (a copy is never written into another file). */
export function createOwnerOnly(file: string): void {
  closeSync(openSync(file, 'wx', OWNER_ONLY));
}
