// The one way the loader reads a course's files. What it reads is served to anyone (lessons,
// scripts through "show solution"), so a path, whether named in YAML or found by convention, must
// resolve (symbolic links followed) to a regular file inside the course's folder, no larger than
// MAX_CONTENT_BYTES: never a file elsewhere on the host, a FIFO, a device or a /proc file.
import { readlinkSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { readRegularFile } from '../safe-read.js';

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
  // Read through the one reader of files others control (server/safe-read.ts): no FIFO or device
  // opened, no link followed on the last step, a swap caught; and the file opened must really be
  // in the course (a folder on the way could have been swapped for a link since realpath).
  const r = readRegularFile(real, {
    maxBytes,
    onOpen: (fd) => {
      const opened = openedPath(fd);
      return opened !== undefined && !inside(course.real, opened) ? `a symbolic link leads out of the course folder (to ${opened})` : undefined;
    },
  });
  if (r.ok) return r;
  switch (r.problem) {
    case 'missing':
      return { ok: false, missing: true };
    case 'not-a-file':
      return refused(`not a regular file (${r.kind})`);
    case 'too-large':
      return refused(`larger than ${r.maxBytes} bytes`);
    case 'changed':
      return refused(r.how === 'swapped' ? 'changed while it was read' : 'its size on disk is not what reading it gives (a /proc or /sys file, or a file being written)');
    case 'refused':
      return refused(r.reason);
    default:
      return refused(`cannot be read (${'code' in r ? r.code : r.problem})`);
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
