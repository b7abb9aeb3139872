// The ready mark rides on a host's last setup script (server/lab/build.ts markedOnSuccess): written
// only when the script succeeded, whatever the script does with `exit` and EXIT traps, and the
// script's exit status is kept. Run by real bash, as a lab host runs it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { markedOnSuccess } from '../../server/lab/build.js';

const dir = mkdtempSync(path.join(tmpdir(), 'opslab-mark-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(script: string, name: string): { code: number; marked: boolean; out: string } {
  const mark = path.join(dir, name);
  try {
    const out = execFileSync('bash', ['-c', markedOnSuccess(script, mark)], { encoding: 'utf8' });
    return { code: 0, marked: existsSync(mark), out };
  } catch (e) {
    const err = e as { status: number; stdout: string };
    return { code: err.status, marked: existsSync(mark), out: err.stdout };
  }
}

describe('the ready mark on the last setup script', () => {
  it('is written after a script that ends normally, or with exit 0, or with its own EXIT trap', () => {
    expect(run('echo done', 'a')).toEqual({ code: 0, marked: true, out: 'done\n' });
    expect(run('echo early; exit 0; echo never', 'b')).toEqual({ code: 0, marked: true, out: 'early\n' });
    expect(run("trap 'echo cleanup' EXIT\necho work", 'c')).toEqual({ code: 0, marked: true, out: 'work\ncleanup\n' });
  });

  it('is not written after a script that fails, and the failure is kept', () => {
    expect(run('echo trying; exit 3', 'd')).toEqual({ code: 3, marked: false, out: 'trying\n' });
    expect(run('set -e\nfalse\necho never', 'e')).toEqual({ code: 1, marked: false, out: '' });
    expect(run("trap 'exit 0' EXIT\nexit 4", 'f').marked).toBe(true); // its own trap decides its status
  });
});
