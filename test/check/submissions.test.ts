// A submission folder comes from a learner: whatever it holds, reading it must not hang, must not
// exhaust memory, and must not read a file from outside it. What is refused is said, per submission.
import { execFile } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gradeAll, readSubmissions, type Submission } from '../../server/check/grade.js';
import type { CheckToRun } from '../../server/check/run.js';
import type { LabManager } from '../../server/lab/manager.js';
import type { LabBlueprint } from '../../server/lab/types.js';

const CHILD = path.resolve('test/check/fixtures/read-submissions.ts');

/**
 * readSubmissions in a child process of its own, at most `ms` long and ~3 GB of address space
 * (the runtime needs ~1.5 GB of it; --jitless because WebAssembly, which tsx uses, reserves far
 * more), so that a reader that blocks or reads without end fails this test instead of hanging the
 * test runner or starving the machine.
 */
function readInChild(dir: string, hosts: string[], ms = 10_000): Promise<{ ok: boolean; elapsedMs: number; subs?: Submission[]; why?: string }> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    execFile('sh', ['-c', 'ulimit -v 3000000; exec node --jitless --import tsx "$0" "$@"', CHILD, dir, ...hosts], { timeout: ms, killSignal: 'SIGKILL', maxBuffer: 4 << 20 }, (err, stdout, stderr) => {
      const elapsedMs = Date.now() - t0;
      if (err) resolve({ ok: false, elapsedMs, why: `${err.killed ? `killed after ${elapsedMs} ms` : `exit ${err.code}`}: ${lastWords(stderr)}` });
      else resolve({ ok: true, elapsedMs, subs: JSON.parse(stdout) as Submission[] });
    });
  });
}

/** The end of a child's stderr without stack frames (the runner would try to source-map them). */
const lastWords = (stderr: string) =>
  stderr
    .split('\n')
    .filter((l) => l.trim() && !/^\s+at /.test(l))
    .slice(-3)
    .join(' | ')
    .slice(-300);

describe('reading submission folders', () => {
  let root: string;
  let subs: string;
  let outside: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'opslab-hostile-subs-'));
    subs = path.join(root, 'submissions');
    outside = path.join(root, 'server-secret');
    mkdirSync(subs);
    writeFileSync(outside, 'the-server-secret\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const submission = (name: string, files: Record<string, string> = {}) => {
    const dir = path.join(subs, name);
    mkdirSync(dir);
    for (const [f, text] of Object.entries(files)) writeFileSync(path.join(dir, f), text);
    return dir;
  };

  it('refuses a FIFO named like a host script, returns at once, and reads the other submissions', async () => {
    const { execFileSync } = await import('node:child_process');
    execFileSync('mkfifo', [path.join(submission('fifo', { 'client.sh': 'true\n' }), 'web.sh')]);
    submission('fine', { 'web.sh': 'nginx\n' });
    const r = await readInChild(subs, ['client', 'web']);
    expect(r.ok, r.why).toBe(true);
    expect(r.elapsedMs).toBeLessThan(10_000);
    const fifo = r.subs!.find((s) => s.name === 'fifo')!;
    expect(fifo.scripts.web).toBeUndefined();
    expect(fifo.refused.join('\n')).toMatch(/web\.sh.*not a regular file/);
    expect(r.subs!.find((s) => s.name === 'fine')).toMatchObject({ scripts: { web: 'nginx\n' }, refused: [] });
  }, 20_000);

  it('refuses a symbolic link to /dev/zero without reading from it', async () => {
    symlinkSync('/dev/zero', path.join(submission('zero'), 'web.sh'));
    const r = await readInChild(subs, ['web']);
    expect(r.ok, r.why).toBe(true);
    expect(r.subs![0]!.scripts.web).toBeUndefined();
    expect(r.subs![0]!.refused.join('\n')).toMatch(/web\.sh.*symbolic link/);
  }, 20_000);

  it('refuses a symbolic link to a file outside the folder, and never returns its text', () => {
    symlinkSync(outside, path.join(submission('link-out'), 'web.sh'));
    symlinkSync('/etc/passwd', path.join(submission('link-passwd'), 'web.sh'));
    const read = readSubmissions({ dir: subs, hosts: ['web'] });
    expect(JSON.stringify(read)).not.toContain('the-server-secret');
    expect(JSON.stringify(read)).not.toContain('root:');
    for (const s of read) {
      expect(s.scripts).toEqual({});
      expect(s.refused.join('\n')).toMatch(/web\.sh.*symbolic link/);
    }
  });

  it('refuses a hard link to a file outside the folder', () => {
    linkSync(outside, path.join(submission('hardlink'), 'web.sh'));
    const [s] = readSubmissions({ dir: subs, hosts: ['web'] });
    expect(s!.scripts).toEqual({});
    expect(s!.refused.join('\n')).toMatch(/web\.sh.*hard link/);
  });

  it('refuses a script over the size cap (256 KiB)', () => {
    submission('huge', { 'web.sh': `# ${'x'.repeat(300 * 1024)}\n`, 'client.sh': 'true\n' });
    const [s] = readSubmissions({ dir: subs, hosts: ['client', 'web'] });
    expect(s!.scripts.web).toBeUndefined();
    expect(s!.refused.join('\n')).toMatch(/web\.sh.*larger than 256 KiB/);
  });

  it('refuses a submission folder that is a symbolic link, and a folder with too many files', () => {
    const elsewhere = path.join(root, 'elsewhere');
    mkdirSync(elsewhere);
    writeFileSync(path.join(elsewhere, 'web.sh'), 'echo from elsewhere\n');
    symlinkSync(elsewhere, path.join(subs, 'linked-folder'));
    const crowded = submission('crowded', { 'web.sh': 'true\n' });
    for (let i = 0; i < 20; i++) writeFileSync(path.join(crowded, `f${i}`), '');
    const read = readSubmissions({ dir: subs, hosts: ['web'], limits: { filesPerSubmission: 10 } });
    expect(read.map((s) => s.name)).toEqual(['crowded', 'linked-folder']);
    const linked = read.find((s) => s.name === 'linked-folder')!;
    expect(linked.scripts).toEqual({});
    expect(linked.refused.join('\n')).toMatch(/symbolic link, not a folder/);
    expect(read.find((s) => s.name === 'crowded')!.refused.join('\n')).toMatch(/more than 10 files/);
  });

  it('stops with a clear error past the cap on the number of submissions', () => {
    for (let i = 0; i < 4; i++) submission(`s${i}`);
    expect(() => readSubmissions({ dir: subs, hosts: ['web'], limits: { submissions: 3 } })).toThrow(/more than 3 submission folders/);
  });

  it('grades the other submissions and reports the refused one as an error, without a lab for it', async () => {
    submission('fine', { 'web.sh': 'nginx\n' });
    symlinkSync(outside, path.join(submission('bad'), 'web.sh'));
    const started: string[] = [];
    const labs = {
      start: async (p: { learner: string }) => {
        started.push(p.learner);
        return { id: `lab-${started.length}` };
      },
      ready: async (id: string) => ({ id }),
      run: async () => ({ exitCode: 0, stdout: 'PASS: ok\n', output: 'PASS: ok\n', timedOut: false, durationMs: 1 }),
      destroy: async () => {},
    } as unknown as LabManager;
    const blueprint = { exercise: 'web-serve', topology: { hosts: [{ name: 'web' }] } } as unknown as LabBlueprint;
    const checks: CheckToRun[] = [{ taskId: 'serve', name: 'hello', host: 'web', script: 'true', timeoutSeconds: 10 }];
    const graded = await gradeAll({ labs, blueprint, checks, submissions: readSubmissions({ dir: subs, hosts: ['web'] }), concurrency: 2 });
    const bad = graded.find((g) => g.submission === 'bad')!;
    expect(bad.results.status).toBe('error');
    expect(bad.results.message).toMatch(/refused.*web\.sh.*symbolic link/);
    expect(bad.results.tests[0]).toMatchObject({ status: 'error', name: 'hello' });
    expect(bad.results.tests[0]!.message).toMatch(/web\.sh.*symbolic link/);
    expect(graded.find((g) => g.submission === 'fine')!.results.status).toBe('pass');
    expect(started).toHaveLength(1);
    expect(started[0]).toMatch(/^grade-fine-/);
  });
});
