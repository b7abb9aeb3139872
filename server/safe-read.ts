// Reading a file someone else controls (a course's lesson or script, a learner's submission)
// without letting the file decide what the read costs or what it reaches. One mechanism for every
// such read, so a fix here reaches them all:
// - lstat first: a FIFO, a device or a socket is never opened (opening a FIFO waits for a writer,
//   opening a device may act), a symbolic link never followed;
// - open with O_NOFOLLOW | O_NONBLOCK | O_NOCTTY, then check that the file opened is the one
//   looked at (same device and inode, still a regular file), so a swap in between is caught;
// - read at most one byte past the size cap, whatever the size said, and refuse a file whose size
//   on disk is not what reading gives (a /proc or /sys file reports a size unrelated to its text).
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, type Stats } from 'node:fs';

export type RegularFileRead =
  | { ok: true; text: string }
  | { ok: false; problem: 'missing' }
  /** `kind`: 'a symbolic link', 'a FIFO', 'a folder', 'a device', 'a socket'. */
  | { ok: false; problem: 'not-a-file'; kind: string }
  | { ok: false; problem: 'too-large'; maxBytes: number }
  | { ok: false; problem: 'hard-links'; links: number }
  /** Swapped between the look and the open, or its size is not what reading gives. */
  | { ok: false; problem: 'changed'; how: 'swapped' | 'size' }
  | { ok: false; problem: 'unreadable'; code: string }
  /** Refused by the caller's `onOpen` check. */
  | { ok: false; problem: 'refused'; reason: string };

export interface ReadRegularFileOptions {
  maxBytes: number;
  /** Refuse a file with other names (a hard link may be a second name for a file elsewhere). */
  singleLink?: boolean;
  /** A check of the open file (e.g. where it really is); a string refuses it with that reason. */
  onOpen?: (fd: number) => string | undefined;
}

export function readRegularFile(file: string, opts: ReadRegularFileOptions): RegularFileRead {
  let before: Stats;
  try {
    before = lstatSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    return code === 'ENOENT' || code === 'ENOTDIR' ? { ok: false, problem: 'missing' } : { ok: false, problem: 'unreadable', code };
  }
  const first = refusal(before, opts);
  if (first) return first;
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    if (code === 'ELOOP') return { ok: false, problem: 'not-a-file', kind: 'a symbolic link' };
    return code === 'ENOENT' ? { ok: false, problem: 'missing' } : { ok: false, problem: 'unreadable', code };
  }
  try {
    const st = fstatSync(fd);
    if (st.dev !== before.dev || st.ino !== before.ino) return { ok: false, problem: 'changed', how: 'swapped' };
    const again = refusal(st, opts);
    if (again) return again;
    const reason = opts.onOpen?.(fd);
    if (reason) return { ok: false, problem: 'refused', reason };
    const buf = Buffer.alloc(Math.min(opts.maxBytes, st.size) + 1);
    let got = 0;
    for (let n = 1; n > 0 && got < buf.length; got += n) n = readSync(fd, buf, got, buf.length - got, null);
    if (got > opts.maxBytes) return { ok: false, problem: 'too-large', maxBytes: opts.maxBytes };
    if (got !== st.size) return { ok: false, problem: 'changed', how: 'size' };
    return { ok: true, text: buf.subarray(0, got).toString('utf8') };
  } catch (e) {
    return { ok: false, problem: 'unreadable', code: (e as NodeJS.ErrnoException).code ?? String(e) };
  } finally {
    closeSync(fd);
  }
}

function refusal(st: Stats, opts: ReadRegularFileOptions): RegularFileRead | undefined {
  if (!st.isFile()) return { ok: false, problem: 'not-a-file', kind: kindOf(st) };
  if (opts.singleLink && st.nlink > 1) return { ok: false, problem: 'hard-links', links: st.nlink };
  if (st.size > opts.maxBytes) return { ok: false, problem: 'too-large', maxBytes: opts.maxBytes };
  return undefined;
}

/** What a file system entry is, in words: 'a FIFO', 'a folder' ... */
export function kindOf(st: Stats): string {
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isDirectory()) return 'a folder';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return st.isFile() ? 'a regular file' : 'not a plain file';
}
