import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradeAll, readSubmissions } from '../../server/check/grade.js';
import { toCsv, toJunit } from '../../server/check/report.js';
import type { Curriculum } from '../../server/curriculum/index.js';
import type { LabManager } from '../../server/lab/manager.js';
import { blueprintOf, checksOf } from '../../server/platform.js';
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
    expect(csv[0]).toBe('submission,task,check,status,message,duration_ms');
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
    const { execFileSync } = await import('node:child_process');
    const out = mkdtempSync(path.join(tmpdir(), 'opslab-grade-out-'));
    const text = execFileSync('node', ['bin/opslab.js', 'grade', 'web-serve', '--submissions', dir, '--curriculum', LABS_COURSE, '--engine', 'local', '--concurrency', '3', '--out', out], { encoding: 'utf8' });
    expect(text).toMatch(/2 of 6 submissions pass; .* submissions\/min at concurrency 3/);
    expect(text).toMatch(/wrong-page\s+fail\s+1\/2/);
    const results = JSON.parse(readFileSync(path.join(out, 'good-1', 'results.json'), 'utf8'));
    expect(results).toMatchObject({ version: 3, status: 'pass' });
    expect(readFileSync(path.join(out, 'junit.xml'), 'utf8')).toContain('<testsuite name="good-1"');
  }, 120_000);
});
