// fail_t / pass_t of images/lab/lib/check.sh: the keyed lines the judge reads
// (server/check/contract.ts), in POSIX sh (dash, as in the lab image) and bash. They run here on
// the test machine's shells with the worktree's check.sh, as the server prepends it to every check
// script: the lab image is tagged by its content, and building it anew for a shell function is
// not worth a test run (check-sh.test.ts covers the helpers that need a lab's network).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { judge } from '../../server/check/contract.js';

const CHECK_SH = readFileSync(new URL('../../images/lab/lib/check.sh', import.meta.url), 'utf8');

function run(script: string, shell: 'sh' | 'bash') {
  const r = spawnSync(shell, ['-c', `set -eu\n${CHECK_SH}\n${script}`], { encoding: 'utf8', timeout: 10_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.each(['sh', 'bash'] as const)('check.sh keyed verdicts (%s)', (shell) => {
  it('fail_t prints FAIL_T: KEY and a tab before each NAME=VALUE, and exits 1', () => {
    const r = run('VIP=10.0.0.100\nfail_t no-vip vip="$VIP" host=rs1 expr="a=b"\necho unreachable', shell);
    expect(r).toMatchObject({ code: 1, stdout: 'FAIL_T: no-vip\tvip=10.0.0.100\thost=rs1\texpr=a=b\n' });
    expect(judge({ exitCode: r.code, stdout: r.stdout, timedOut: false }, 10_000)).toMatchObject({ message_key: 'no-vip', message_args: { vip: '10.0.0.100', host: 'rs1', expr: 'a=b' } });
  });

  it('pass_t prints PASS_T: and exits 0; a key alone has no tab', () => {
    expect(run('pass_t vip-up\necho unreachable', shell)).toMatchObject({ code: 0, stdout: 'PASS_T: vip-up\n' });
  });

  it('turns tabs, CR and LF inside a value into spaces, so that the line stays one line', () => {
    const r = run(`fail_t bad-line got="$(printf 'a\\tb\\r\\nc\\n\\n')" name='日志 x'`, shell);
    // $(...) drops the trailing line ends itself; the ones inside become spaces.
    expect(r).toMatchObject({ code: 1, stdout: 'FAIL_T: bad-line\tgot=a b  c\tname=日志 x\n' });
    const v = run(`fail_t k v="$(printf 'x\\ty')"`, shell);
    expect(v.stdout).toBe('FAIL_T: k\tv=x y\n');
  });

  it.each([
    ['no key', 'fail_t', /fail_t needs a message KEY/],
    ['a bad key', 'fail_t Bad_Key', /fail_t key 'Bad_Key'/],
    ['a key over 64', `fail_t ${'k'.repeat(65)}`, /longer than 64/],
    ['an argument without =', 'fail_t k vip', /fail_t argument 'vip' is not NAME=VALUE/],
    ['a bad name', 'pass_t k vip-addr=1', /pass_t argument name 'vip-addr'/],
    ['an empty name', 'fail_t k =1', /argument name ''/],
    ['17 arguments', `fail_t k ${Array.from({ length: 17 }, (_, i) => `a${i}=1`).join(' ')}`, /at most 16/],
  ])('exits 2 (a broken check, not a verdict) on %s, printing nothing on stdout', (_what, script, said) => {
    const r = run(script, shell);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(said);
  });
});
