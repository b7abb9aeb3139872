import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradeAll, readSubmissions } from '../../server/check/grade.js';
import { toCsv, toJunit } from '../../server/check/report.js';
import type { Curriculum } from '../../server/curriculum/index.js';
import type { LabManager } from '../../server/lab/manager.js';
import { blueprintOf, checksOf } from '../../server/exercise-lab.js';
import { LABS_COURSE, testLabManager } from '../helpers/engine.js';

const SUBMISSIONS: Record<string, Record<string, string>> = {
  'good-1': { 'web.sh': 'echo hello > /var/www/html/index.html\nnginx\n' },
  'good-2': { 'web.sh': 'printf "<h1>hello world</h1>" > /var/www/html/index.html && nginx -g "daemon on;"\n' },
  'no-nginx': { 'web.sh': 'echo hello > /var/www/html/index.html\n' },
  'wrong-page': { 'web.sh': 'echo bye > /var/www/html/index.html\nnginx\n' },
  'wrong-host': { 'client.sh': 'echo hello > /var/www/html/index.html\nnginx\n' },
  'crashes': { 'web.sh': 'exit 7\n', 'typo-host.sh': 'true\n' },
};

describe('batch grading on the real engine', () => {
  let labs: LabManager;
  let curriculum: Curriculum;
  let dir: string;
  beforeAll(async () => {
    ({ labs, curriculum } = await testLabManager({ curriculumDir: LABS_COURSE }));
    dir = mkdtempSync(path.join(tmpdir(), 'opslab-subs-'));
    for (const [name, files] of Object.entries(SUBMISSIONS)) {
      mkdirSync(path.join(dir, name));
      for (const [f, text] of Object.entries(files)) writeFileSync(path.join(dir, name, f), text);
    }
  });
  afterAll(() => labs?.close({ destroyAll: true }));

  const ex = () => curriculum.exercises.get('web-serve')!;

  it('gives each submission its verdict, and reports files that name no host', async () => {
    const subs = readSubmissions({ dir, hosts: ['client', 'web'] });
    expect(subs.find((s) => s.name === 'crashes')!.unknown).toEqual(['typo-host.sh']);
    const graded = await gradeAll({ labs, blueprint: blueprintOf(ex()), checks: checksOf(ex(), 'serve'), submissions: subs, concurrency: 2 });
    const verdict = Object.fromEntries(graded.map((g) => [g.submission, [g.results.status, g.results.tests[0]!.message]]));
    expect(graded.filter((g) => g.results.status === 'error').map((g) => g.results.tests[0]!.message)).toEqual([]);
    expect(verdict['good-1']).toEqual(['pass', 'web says hello']);
    expect(verdict['good-2']).toEqual(['pass', 'web says hello']);
    expect(verdict['no-nginx']![0]).toBe('fail');
    expect(verdict['no-nginx']![1]).toMatch(/^nothing answers HTTP on web/);
    expect(verdict['wrong-page']).toEqual(['fail', 'web answers, but without hello (got: bye)']);
    expect(verdict['wrong-host']![0]).toBe('fail');
    expect(verdict['crashes']![0]).toBe('fail');

    const junit = toJunit({ exercise: 'web-serve', graded });
    expect(junit).toContain('<testsuites name="web-serve" tests="6" failures="4" errors="0">');
    expect(junit).toContain('<failure message="web answers, but without hello (got: bye)">');
    const csv = toCsv(graded).trim().split('\n');
    expect(csv[0]).toBe('submission,task,check,status,message,duration_ms,message_key');
    expect(csv).toHaveLength(7);
  });

  it('gives the same submission the same result ten times out of ten', async () => {
    const subs = readSubmissions({ dir, hosts: ['client', 'web'] }).filter((s) => s.name === 'wrong-page' || s.name === 'good-1');
    const runs = await gradeAll({ labs, blueprint: blueprintOf(ex()), checks: checksOf(ex()), submissions: Array.from({ length: 5 }, () => subs).flat(), concurrency: 2 });
    const seen = new Set(runs.map((g) => `${g.submission}:${g.results.tests.map((t) => `${t.status}/${t.message}`).join('|')}`));
    expect(runs).toHaveLength(10);
    expect(seen.size).toBe(2);
  });

  it('writes results.json, CSV and JUnit from the CLI', async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'opslab-grade-out-'));
    const text = execFileSync('node', ['bin/opslab.js', 'grade', 'web-serve', '--submissions', dir, '--curriculum', LABS_COURSE, '--engine', 'local', '--concurrency', '3', '--out', out], { encoding: 'utf8' });
    expect(text).toMatch(/2 of 6 submissions pass; .* submissions\/min at concurrency 3/);
    expect(text).toMatch(/wrong-page\s+fail\s+1\/2/);
    const results = JSON.parse(readFileSync(path.join(out, 'good-1', 'results.json'), 'utf8'));
    expect(results).toMatchObject({ version: 3, status: 'pass' });
    expect(readFileSync(path.join(out, 'junit.xml'), 'utf8')).toContain('<testsuite name="good-1"');
  }, 120_000);

  it('shows learner text with escape sequences as text, refuses a FIFO, and grades the rest', async () => {
    const hostile = mkdtempSync(path.join(tmpdir(), 'opslab-subs-hostile-'));
    // A folder name that retitles the window, clears the screen and reverses the text; a page
    // (quoted in the FAIL message) that writes the clipboard (OSC 52) and sends a C1 CSI, in a
    // folder named like a spreadsheet formula; a FIFO where a script should be.
    const page = String.raw`printf '\033]52;c;aGk=\007\033[2J\033[31mbye\302\233\342\200\256' > /var/www/html/index.html; nginx`;
    const evil = 'evil\u001b]2;pwned\u0007\u001b[2J\u202e';
    const subs: Record<string, string | null> = { '=HYPERLINK("evil.example")': page, [evil]: 'echo hello > /var/www/html/index.html; nginx', fifo: null };
    for (const [name, script] of Object.entries(subs)) {
      mkdirSync(path.join(hostile, name));
      if (script === null) execFileSync('mkfifo', [path.join(hostile, name, 'web.sh')]);
      else writeFileSync(path.join(hostile, name, 'web.sh'), `${script}\n`);
    }
    const out = mkdtempSync(path.join(tmpdir(), 'opslab-grade-out-'));
    const run = spawnSync('node', ['bin/opslab.js', 'grade', 'web-serve', '--submissions', hostile, '--curriculum', LABS_COURSE, '--engine', 'local', '--concurrency', '2', '--out', out], { encoding: 'utf8', timeout: 110_000 });
    const TERMINAL_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).not.toMatch(TERMINAL_CONTROL);
    expect(run.stderr.replace(/\r/g, '')).not.toMatch(TERMINAL_CONTROL);
    expect(run.stdout).toContain('evil\\x1b]2;pwned\\x07\\x1b[2J\\u202e');
    expect(run.stdout).toMatch(/1 of 3 submissions pass/);
    expect(run.stdout).toMatch(/fifo\s+error\s+0\/2 .*The submission was refused/);
    expect(run.stderr).toMatch(/warning: fifo: not run, web\.sh is a FIFO/);
    const csv = readFileSync(path.join(out, 'results.csv'), 'utf8');
    expect(csv).toContain(`"'=HYPERLINK(""evil.example"")",`);
    expect(csv).not.toMatch(/(^|,)[=+\-@]/m);
    expect(csv).toContain('bye\\x9b\\u202e');
    expect(readFileSync(path.join(out, 'junit.xml'), 'utf8')).not.toMatch(TERMINAL_CONTROL);
    const results = JSON.parse(readFileSync(path.join(out, 'fifo', 'results.json'), 'utf8'));
    expect(results).toMatchObject({ status: 'error', tests: [{ status: 'error' }, { status: 'error' }] });
  }, 120_000);
});
