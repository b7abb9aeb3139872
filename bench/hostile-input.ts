// What hostile input costs the server's main thread, against ordinary input of the same size in the
// same run. Two places parse what strangers write:
// - the server's copy of each terminal screen (server/terminal/screen.ts) parses everything a
//   learner's shell prints: 1 MiB of escape sequences with huge counts, palette changes and
//   hyperlinks against 1 MiB of ordinary lines (before the bounds, one `CSI 2147483647 S` looped
//   for about an hour, and 1 MB of `OSC 4` took minutes);
// - the course loader reads every course file at start and on reload: a 1 MiB exercise.yaml of
//   100 000 unknown keys, or one key repeated, against the shipped exercise file padded to the same
//   size with comments (before, 20 000 keys took 154 s).
// Each hostile input is run at a quarter of the size and at full size: linear work grows 4x,
// quadratic 16x. Target: growth <= 6x for every input (linear, with room for noise and caches), and
// the full size's cost is printed against the ordinary baseline.  npx tsx bench/hostile-input.ts
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadCurriculum } from '../server/curriculum/index.js';
import { MAX_CONTENT_BYTES } from '../server/curriculum/content.js';
import { Screen } from '../server/terminal/screen.js';
import { median } from './support.js';

const MIB = 1024 * 1024;
const RUNS = 3;
const TARGET_GROWTH = 6;

/** `unit` repeated to about `bytes`. */
const fill = (unit: string, bytes: number) => unit.repeat(Math.max(1, Math.floor(bytes / unit.length)));

async function screenMs(text: string): Promise<number> {
  const screen = new Screen({ cols: 120, rows: 40 });
  try {
    const t0 = performance.now();
    // As the shell's output arrives: 64 KiB chunks.
    const bytes = Buffer.from(text);
    for (let i = 0; i < bytes.length; i += 64 * 1024) screen.write(bytes.subarray(i, i + 64 * 1024));
    await screen.snapshot();
    return performance.now() - t0;
  } finally {
    screen.dispose();
  }
}

/** Each input at `bytes`. */
const SCREEN_INPUTS: Record<string, (bytes: number) => string> = {
  'scrolls CSI 2147483647 S': (n) => fill('\x1b[2147483647S', n),
  'inserted lines CSI 2147483647 L': (n) => fill('\x1b[2147483647L', n),
  'tabs CSI 2147483647 I': (n) => fill('\x1b[2147483647I', n),
  'repeats a CSI 2147483647 b': (n) => fill('a\x1b[2147483647b', n),
  'palette OSC 4 of ;': (n) => `\x1b]4${fill(';', n)}\x07`,
  'hyperlinks OSC 8, then lines': (n) => `${fill('\x1b]8;;x\x07', n)}\r\n${fill('line\r\n', n / 16)}`,
};

/** The good fixture course with web-lab's files replaced or added (exercise.yaml, its zh-CN overlays). */
function course(files: Record<string, string>): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'opslab-bench-course-')), 'course');
  cpSync('test/fixtures/curricula/good', dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, 'web-lab', name), text);
  return dir;
}

function loadMs(exerciseYaml: string | Record<string, string>): number {
  const dir = course(typeof exerciseYaml === 'string' ? { 'exercise.yaml': exerciseYaml } : exerciseYaml);
  try {
    const t0 = performance.now();
    loadCurriculum(dir);
    return performance.now() - t0;
  } finally {
    rmSync(path.dirname(dir), { recursive: true, force: true });
  }
}

/** As many `item(i)` as fit in `bytes` (the content cap unless said) after `head`. */
function upToCap(head: string, item: (i: number) => string, bytes = MAX_CONTENT_BYTES): string {
  // In UTF-8 bytes, as the cap is counted: a Chinese character is three.
  const parts = [head];
  let size = Buffer.byteLength(head);
  for (let i = 0; ; i++) {
    const next = item(i);
    const n = Buffer.byteLength(next);
    if (size + n > bytes) break;
    parts.push(next);
    size += n;
  }
  return parts.join('');
}

async function main(): Promise<void> {
  let worst = 0;
  const report = (what: string, quarter: number, full: number, base: number) => {
    const growth = full / quarter;
    worst = Math.max(worst, growth);
    console.log(`  ${what.padEnd(34)} 1/4: ${quarter.toFixed(1).padStart(8)} ms   full: ${full.toFixed(1).padStart(8)} ms   growth ${growth.toFixed(2)}x   ${(full / base).toFixed(1)}x the baseline`);
  };
  const med = async (f: () => Promise<number> | number) => {
    const runs: number[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await f());
    return median(runs);
  };

  const ordinary = fill('total 48 drwxr-xr-x  2 root root 4096 Dec  5 22:00 some-directory-name\r\n', MIB);
  const screenBase = await med(() => screenMs(ordinary));
  console.log(`server screen (median of ${RUNS}); baseline: 1 MiB of ordinary lines ${screenBase.toFixed(1)} ms`);
  for (const [what, make] of Object.entries(SCREEN_INPUTS)) {
    report(what, await med(() => screenMs(make(MIB / 4))), await med(() => screenMs(make(MIB))), screenBase);
  }

  const base = readFileSync('test/fixtures/curricula/good/web-lab/exercise.yaml', 'utf8');
  const padded = upToCap(base, (i) => `# comment line ${i} of an ordinary exercise file\n`);
  const loadBase = await med(() => loadMs(padded));
  console.log(`course loader, exercise.yaml up to the 1 MiB cap (median of ${RUNS}); baseline: the fixture padded with comments ${loadBase.toFixed(1)} ms`);
  const yamls: Record<string, (bytes: number) => string> = {
    'unknown keys (a problem each)': (n) => upToCap(base, (i) => `k${i}: 1\n`, n),
    'one key repeated (a problem each)': (n) => upToCap(base, () => 'k: 1\n', n),
  };
  for (const [what, make] of Object.entries(yamls)) {
    report(what, await med(() => loadMs(make(MAX_CONTENT_BYTES / 4))), await med(() => loadMs(make(MAX_CONTENT_BYTES))), loadBase);
  }

  // A translation is a course file too: the overlays beside web-lab, each up to the cap.
  const lesson = readFileSync('test/fixtures/curricula/good/web-lab/lesson.md', 'utf8');
  const overlays: Record<string, (bytes: number) => Record<string, string>> = {
    'zh-CN overlay: unknown task ids': (n) => ({ 'exercise.zh-CN.yaml': upToCap('title: 网页实验\ntasks:\n', (i) => `  t${i}: {title: 任务}\n`, n) }),
    'zh-CN overlay: extra hints': (n) => ({ 'exercise.zh-CN.yaml': upToCap('tasks:\n  serve:\n    hints:\n', () => '      - 提示\n', n) }),
    'zh-CN lesson: unknown placeholders': (n) => ({ 'lesson.zh-CN.md': upToCap(lesson, (i) => `{{p${i}}} `, n) }),
  };
  for (const [what, make] of Object.entries(overlays)) {
    report(what, await med(() => loadMs(make(MAX_CONTENT_BYTES / 4))), await med(() => loadMs(make(MAX_CONTENT_BYTES))), loadBase);
  }

  console.log(`worst growth from 1/4 to full size ${worst.toFixed(2)}x (linear 4x, quadratic 16x; target <= ${TARGET_GROWTH}x): ${worst <= TARGET_GROWTH ? 'met' : 'NOT met'}`);
}

await main();
