// Grading submissions of the robust-script exercise (probe-hosts): broken in ways its checks once
// let through, and correct in another way than the solve script, each gets its right verdict.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradeAll, readSubmissions } from '../../server/check/grade.js';
import { loadCurriculum } from '../../server/curriculum/index.js';
import type { LabManager } from '../../server/lab/manager.js';
import { blueprintOf, checksOf } from '../../server/exercise-lab.js';
import { testLabManager } from '../helpers/engine.js';

// The solve script writes probe-hosts with a here-document: each submission edits that script.
const SOLVE = readFileSync('curricula/linux-ops/robust-script/scripts/solve-script.sh', 'utf8');
const edit = (...pairs: [string, string][]): string =>
  pairs.reduce((text, [from, to]) => {
    if (!text.includes(from)) throw new Error(`solve-script.sh no longer has ${JSON.stringify(from)}`);
    return text.replace(from, to);
  }, SOLVE);
const NC = 'nc -z -w "$timeout_s"';
// timeout runs each probe in a process group of its own: Ctrl-C to the script's group misses it.
const TIMEOUT_NC = 'timeout -k 1 "$timeout_s" nc -z';

const VARIANTS: Record<string, { script: string; verdict: 'pass' | 'fail'; failing?: RegExp }> = {
  // Probes under timeout, killed by the EXIT trap whatever ends the run; lists checked with -r.
  'timeout-probes': {
    script: edit([NC, TIMEOUT_NC], ['[ -f "$list" ] && [ -r "$list" ] || bad_usage', '[ -r "$list" ] || bad_usage']),
    verdict: 'pass',
  },
  // A list it cannot read is skipped, not refused.
  'skips-missing-list': {
    script: edit(['[ -f "$list" ] && [ -r "$list" ] || bad_usage "cannot read the target list \'$list\'"', '[ -r "$list" ] || continue']),
    verdict: 'fail',
    failing: /case 'a list that does not exist'/,
  },
  // A missing value is ignored: alone, -t then ends in "no targets", which is exit 2 as well.
  'ignores-missing-value': {
    script: edit([':) bad_usage "option -$OPTARG needs a value" ;;', ':) ;;']),
    verdict: 'fail',
    failing: /case 'an option without its value'.*say that -t has no value/,
  },
  // "Ctrl-C reaches the probes anyway": on SIGINT it forgets them, and timeout's group survives.
  'int-forgets-timeout-probes': {
    script: edit([NC, TIMEOUT_NC], ["trap 'exit 130' INT", "trap 'index_of=(); exit 130' INT"]),
    verdict: 'fail',
    failing: /after SIGINT to its process group.*left processes running: (timeout|nc).*process group of their own/,
  },
};

describe('grading robust-script submissions', () => {
  let labs: LabManager;
  let dir: string;
  const { curriculum } = loadCurriculum('curricula');
  beforeAll(async () => {
    ({ labs } = await testLabManager({ curriculumDir: 'curricula' }));
    dir = mkdtempSync(path.join(tmpdir(), 'opslab-shell-subs-'));
    for (const [kind, { script }] of Object.entries(VARIANTS)) {
      mkdirSync(path.join(dir, kind));
      writeFileSync(path.join(dir, kind, 'ops.sh'), script);
    }
  });
  afterAll(() => labs?.close({ destroyAll: true }));

  it('gives every submission its verdict, naming the mistake', { timeout: 600_000 }, async () => {
    const ex = curriculum.exercises.get('robust-script')!;
    const subs = readSubmissions({ dir, hosts: ex.lab!.hosts.map((h) => h.name) });
    expect(subs).toHaveLength(Object.keys(VARIANTS).length);
    const graded = await gradeAll({ labs, blueprint: blueprintOf(ex), checks: checksOf(ex), submissions: subs, concurrency: 4 });
    for (const g of graded) {
      const want = VARIANTS[g.submission]!;
      const problems = g.results.tests.filter((t) => t.status !== 'pass').map((t) => `${t.status}: ${t.message}`);
      expect.soft(g.results.status, `${g.submission}: ${problems.join(' | ')}`).toBe(want.verdict);
      expect.soft(g.results.tests.some((t) => t.status === 'error'), `${g.submission}: ${problems.join(' | ')}`).toBe(false);
      if (want.failing) expect.soft(problems.some((p) => want.failing!.test(p)), `${g.submission}: ${problems.join(' | ')}`).toBe(true);
    }
  });
});
