// Shell helpers that used to print English sentences now print tab-separated fields, which the
// checks turn into catalog messages (fail_t) in the learner's language: lib/ansible.sh's
// playbook_run (with a stand-in ansible-playbook) and map-reduce-logs' diff_fields. Run in dash,
// the shell of the lab images, with python3 as on the lab hosts.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const COURSE = path.resolve('curricula/linux-ops');
const CHECK_SH = path.resolve('images/lab/lib/check.sh');

function dash(script: string, env: Record<string, string> = {}): string {
  const r = spawnSync('dash', ['-c', script], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 20_000 });
  if (r.error) throw r.error;
  return r.stdout;
}

describe('lib/ansible.sh playbook_run: what went wrong, as fields', () => {
  const bin = mkdtempSync(path.join(tmpdir(), 'opslab-fake-ansible-'));
  // A stand-in ansible-playbook: prints what the real one prints in each case ($MODE).
  writeFileSync(
    path.join(bin, 'ansible-playbook'),
    `#!/bin/sh
recap='node1 : ok=2 changed=0 unreachable=0 failed=0'
case "$MODE" in
  fatal) printf 'TASK [start nginx] ****\\nfatal: [node1]: FAILED! => {"changed": false, "msg": "bind() failed (98: Address already in use)"}\\n'; exit 2 ;;
  error) printf 'ERROR! We were unable to read\\neither as JSON nor YAML\\n\\n'; exit 4 ;;
  absent) echo "$recap"; exit 0 ;;
  status) printf '%s\\nnode2 : ok=2 changed=0 unreachable=0 failed=0\\nsomething odd\\n' "$recap"; exit 3 ;;
  ok) printf '%s\\nnode2 : ok=2 changed=0 unreachable=0 failed=0\\n' "$recap" ;;
  hang) sleep 5 ;;
esac
`,
  );
  chmodSync(path.join(bin, 'ansible-playbook'), 0o755);
  const run = (mode: string) =>
    dash(`. "${path.join(COURSE, 'lib/ansible.sh')}"; playbook_run site.yml 1 "${bin}/log.${mode}" node1 node2`, {
      MODE: mode,
      PATH: `${bin}:${process.env.PATH}`,
    });

  it.each([
    ['fatal', 'fatal\tstart nginx\tnode1\tbind() failed (98: Address already in use)\tin-use\n'],
    ['error', 'error\tsite.yml\tWe were unable to read either as JSON nor YAML\n'],
    ['absent', 'absent\tsite.yml\tnode2\n'],
    ['status', 'status\tsite.yml\t3\tsomething odd\n'],
    ['ok', ''],
    ['hang', 'timeout\tsite.yml\t1\n'],
  ])('%s', (mode, want) => {
    expect(run(mode)).toBe(want);
  });
});

describe('map-reduce-logs diff_fields: the first difference, as fields', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'opslab-diff-fields-'));
  const want = path.join(dir, 'want');
  writeFileSync(want, '/a\t3\n/b\t2\n');
  const diff = (got: string) => {
    const file = path.join(dir, 'got');
    writeFileSync(file, got);
    return dash(`. "${CHECK_SH}"; . "${path.join(COURSE, 'map-reduce-logs/scripts/lib.sh')}"; summed "${file}" > "${file}.s"; diff_fields "${want}" "${file}.s"; printf '%s|%s|%s|%s' "$d_kind" "$d_a" "$d_b" "$d_c"`);
  };

  it('a count that differs', () => expect(diff('/a\t3\n/b\t1\n')).toBe("count|'/b'|2|1"));
  it('a key the output lacks', () => expect(diff('/a\t3\n')).toBe("missing|'/b'|2|"));
  it('a key the output has too many', () => expect(diff('/a\t3\n/b\t2\n/c\t1\n')).toBe("extra|'/c'|1|"));
  it('a line that is not KEY<TAB>COUNT', () => expect(diff('/a 3\n')).toBe("bad|'/a 3'||"));
});
