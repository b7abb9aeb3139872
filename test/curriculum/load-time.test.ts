// Course files are untrusted input that the server reads on its main thread, at start and on every
// reload: a file up to the size cap must load in time linear in its size, however many problems it
// has. Before, a 1 MiB exercise.yaml of 100 000 keys held the server for minutes (the yaml package
// compares each key of a mapping with every earlier one, and each problem's position was found by a
// search through its mapping), and so did a task text of many code blocks with a bad host mark (each
// problem split the whole file into lines again).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCurriculum } from '../../server/curriculum/index.js';
import { MAX_CONTENT_BYTES } from '../../server/curriculum/content.js';
import { makeCourse } from '../helpers/curriculum.js';

const BASE = readFileSync('test/fixtures/curricula/good/web-lab/exercise.yaml', 'utf8');

/** As many copies of `item(i)` as fit in the size cap after `head` (and `tail`). */
function fill(head: string, item: (i: number) => string, tail = ''): { text: string; count: number } {
  const parts = [head];
  let size = head.length + tail.length;
  let count = 0;
  for (;;) {
    const next = item(count);
    if (size + next.length > MAX_CONTENT_BYTES) break;
    parts.push(next);
    size += next.length;
    count++;
  }
  return { text: parts.join('') + tail, count };
}

function load(text: string) {
  const dir = makeCourse({ 'web-lab/exercise.yaml': text });
  const t0 = performance.now();
  const { problems } = loadCurriculum(dir);
  return { ms: performance.now() - t0, problems: problems.filter((p) => p.file.endsWith('web-lab/exercise.yaml')) };
}

describe('loading a course file up to the size cap takes linear time, however many problems it has', () => {
  it('100 000 unknown keys: each reported at its line, in seconds (linear time)', () => {
    const lines = BASE.split('\n').length;
    const { text, count } = fill(BASE, (i) => `k${i}: 1\n`);
    expect(count).toBeGreaterThan(80_000);
    const { ms, problems } = load(text);
    expect(problems).toHaveLength(count);
    expect(problems[count - 1]).toMatchObject({ line: lines + count - 1, col: 1 });
    expect(problems[count - 1]!.message).toMatch(new RegExp(`^unknown key 'k${count - 1}' \\(known keys: \\$schema, id, `));
    expect(ms).toBeLessThan(10_000);
  }, 120_000);

  it('a key repeated 100 000 times: each repeat reported at its line, in seconds (linear time)', () => {
    const lines = BASE.split('\n').length;
    const { text, count } = fill(BASE, () => 'k: 1\n');
    expect(count).toBeGreaterThan(150_000);
    const { ms, problems } = load(text);
    expect(problems).toHaveLength(count - 1);
    expect(problems[0]).toEqual({ file: expect.stringMatching(/web-lab\/exercise\.yaml$/), line: lines + 1, col: 1, message: 'YAML syntax: Map keys must be unique' });
    expect(problems[count - 2]!.line).toBe(lines + count - 1);
    expect(ms).toBeLessThan(10_000);
  }, 120_000);

  it('a task text of code blocks for a host the lab lacks: each reported at its fence, in seconds (linear time)', () => {
    const fence = '      ```sh @nohost\n      ```\n';
    const textAt = BASE.indexOf('    text: Make');
    const head = `${BASE.slice(0, textAt)}    text: |\n`;
    const rest = BASE.slice(BASE.indexOf('\n', textAt) + 1);
    const { text, count } = fill(head, () => fence, rest);
    expect(count).toBeGreaterThan(30_000);
    const { ms, problems } = load(text);
    expect(problems).toHaveLength(count);
    const first = head.split('\n').length;
    expect(problems[count - 1]).toMatchObject({ line: first + 2 * (count - 1), col: 13 });
    expect(problems[count - 1]!.message).toMatch(/^code block for host 'nohost', which is not in the lab topology/);
    expect(ms).toBeLessThan(10_000);
  }, 120_000);

  it('a lesson whose code block for a lab host is one long run of blanks: read in seconds (linear time)', () => {
    const head = '# A web server\n\n```sh @web\n';
    const tail = 'x\n```\n';
    const blanks = ' '.repeat(MAX_CONTENT_BYTES - head.length - tail.length);
    const dir = makeCourse({ 'web-lab/lesson.md': head + blanks + tail });
    const t0 = performance.now();
    const { problems } = loadCurriculum(dir);
    expect(problems).toEqual([]);
    expect(performance.now() - t0).toBeLessThan(10_000);
  }, 120_000);
});
