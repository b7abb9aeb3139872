// Small files: a server or shared file past 300 lines is asking to be split (the house style: median file ~130 lines). One may stay
// longer when its head says why, in a comment starting `// Long because:` within its first 12 lines
// (a long table, a catalog): the reason is then in front of whoever opens it next.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const LIMIT = 300;
const ROOT = path.resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(name) ? [p] : [];
  });
}

/** Files over the limit whose head gives no reason. */
function unexplainedLongFiles(files: { name: string; text: string }[], limit = LIMIT): string[] {
  return files
    .filter(({ text }) => text.split('\n').length - (text.endsWith('\n') ? 1 : 0) > limit)
    .filter(({ text }) => !/^\/\/ Long because: \S/m.test(text.split('\n').slice(0, 12).join('\n')))
    .map(({ name, text }) => `${name} (${text.split('\n').length} lines)`);
}

describe('file size', () => {
  it('flags a long file without a reason, not one with it (this test can fail)', () => {
    const long = Array.from({ length: LIMIT + 1 }, (_, i) => `const x${i} = ${i};`).join('\n');
    expect(unexplainedLongFiles([{ name: 'a.ts', text: long }])).toEqual([`a.ts (${LIMIT + 1} lines)`]);
    expect(unexplainedLongFiles([{ name: 'b.ts', text: `// Long because: one table.\n${long}` }])).toEqual([]);
  });

  it(`no server/ or shared/ file is over ${LIMIT} lines without saying why`, () => {
    const files = ['server', 'shared'].flatMap((d) => sourceFiles(path.join(ROOT, d))).map((f) => ({ name: path.relative(ROOT, f), text: readFileSync(f, 'utf8') }));
    expect(unexplainedLongFiles(files)).toEqual([]);
  });
});
