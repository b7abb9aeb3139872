import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const GOOD_COURSE = path.resolve('test/fixtures/curricula/good');
export const BROKEN = path.resolve('test/fixtures/curricula/broken');

/** A temporary copy of the good fixture course, with some files replaced. */
export function makeCourse(replace: Record<string, string> = {}): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'opslab-course-')), 'course');
  cpSync(GOOD_COURSE, dir, { recursive: true });
  for (const [file, text] of Object.entries(replace)) writeFileSync(path.join(dir, file), text);
  return dir;
}
