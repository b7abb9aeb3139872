// The one way the loader reads a course's files. What it reads is served to anyone (lessons,
// scripts through "show solution"), so a path, whether named in YAML or found by convention, must
// resolve (symbolic links followed) to a regular file inside the course's folder, no larger than
// MAX_CONTENT_BYTES: never a file elsewhere on the host, a FIFO, a device or a /proc file.
import { closeSync, constants, fstatSync, openSync, readlinkSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';

export const MAX_CONTENT_BYTES = 1024 * 1024;

/** A course's folder: where every file of the course must be. */
export interface CourseFolder {
  /** Absolute path, as the loader was given it. */
  dir: string;
  /** The same, every symbolic link resolved. */
  real: string;
}

export function courseFolder(dir: string): CourseFolder {
  const abs = path.resolve(dir);
  return { dir: abs, real: realpathSync(abs) };
}

export type ContentRead = { ok: true; text: string } | { ok: false; missing: true } | { ok: false; missing: false; reason: string };

/** Read `name` (relative to `base`, a folder of the course) as UTF-8 text, or say why not. */
export function readContent(props: { course: CourseFolder; base: string; name: string; maxBytes?: number }): ContentRead {
  const { course, base, name } = props;
  const maxBytes = props.maxBytes ?? MAX_CONTENT_BYTES;
  const full = path.resolve(base, name);
  if (!inside(course.dir, full)) return refused('the path leaves the course folder');
  let real: string;
  try {
    real = realpathSync(full);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, missing: true };
    return refused(code === 'ELOOP' ? 'a loop of symbolic links' : `cannot be read (${code ?? (e as Error).message})`);
  }
  if (!inside(course.real, real)) return refused(`a symbolic link leads out of the course folder (to ${real})`);
  let before: Stats;
  try {
    before = statSync(real);
  } catch {
    return { ok: false, missing: true };
  }
  // Checked before opening: opening a FIFO waits for a writer, opening a device may act.
  if (!before.isFile()) return refused(`not a regular file (${kindOf(before)})`);
  if (before.size > maxBytes) return refused(`larger than ${maxBytes} bytes`);
  let fd: number;
  try {
    fd = openSync(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (e) {
    return refused(`cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    // The file opened may not be the one checked, if a folder on the way was swapped meanwhile.
    const st = fstatSync(fd);
    if (st.dev !== before.dev || st.ino !== before.ino || !st.isFile()) return refused('changed while it was read');
    const opened = openedPath(fd);
    if (opened !== undefined && !inside(course.real, opened)) return refused(`a symbolic link leads out of the course folder (to ${opened})`);
    if (st.size > maxBytes) return refused(`larger than ${maxBytes} bytes`);
    // Read what the file system says the file holds, and check that there is nothing more: a
    // /proc or /sys file reports a size (often 0) unrelated to what reading it gives.
    const buf = Buffer.alloc(st.size + 1);
    let got = 0;
    for (let n = 1; n > 0 && got < buf.length; got += n) n = readSync(fd, buf, got, buf.length - got, got);
    if (got !== st.size) return refused('its size on disk is not what reading it gives (a /proc or /sys file, or a file being written)');
    return { ok: true, text: buf.subarray(0, got).toString('utf8') };
  } catch (e) {
    return refused(`cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  } finally {
    closeSync(fd);
  }
}

function refused(reason: string): ContentRead {
  return { ok: false, missing: false, reason };
}

/** `p` is `folder` or below it; both absolute. */
export function inside(folder: string, p: string): boolean {
  const r = path.relative(folder, p);
  return r === '' || (!r.startsWith('..' + path.sep) && r !== '..' && !path.isAbsolute(r));
}

/** Where an open file really is (Linux: /proc/self/fd), when the system can say. */
function openedPath(fd: number): string | undefined {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return undefined;
  }
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'not a plain file';
}
