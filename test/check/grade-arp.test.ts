// Grading 20 submissions of the ARP exercise, correct and broken in the ways learners break it,
// gives each its right verdict.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradeAll, readSubmissions } from '../../server/check/grade.js';
import { loadCurriculum } from '../../server/curriculum/index.js';
import type { LabManager } from '../../server/lab/manager.js';
import { blueprintOf, checksOf } from '../../server/exercise-lab.js';
import { readCheckLine } from '../helpers/check-message.js';
import { testLabManager } from '../helpers/engine.js';

const CLIENT_OK = `ip neigh del "$OTHER_IP" dev eth0
ping -c 1 -W 2 "$OTHER_IP" >/dev/null
mac=$(arping -c 1 -w 2 -I eth0 "$SERVER_IP" | awk '/reply from/ { gsub(/[][]/, "", $5); print tolower($5); exit }')
arp -s "$SERVER_IP" "$mac"
`;
const SERVER_OK = `ip addr add "$VIP/32" dev lo
sysctl -w net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2 >/dev/null
`;
const VARIANTS: Record<string, { files: Record<string, string>; verdict: 'pass' | 'fail'; failing?: RegExp }> = {
  correct: { files: { 'client.sh': CLIENT_OK, 'server.sh': SERVER_OK }, verdict: 'pass' },
  'on-eth0': { files: { 'client.sh': CLIENT_OK, 'server.sh': SERVER_OK.replace(/conf\.all\./g, 'conf.eth0.') }, verdict: 'pass' },
  'lo-only': { files: { 'client.sh': CLIENT_OK, 'server.sh': SERVER_OK.replace(/conf\.all\./g, 'conf.lo.') }, verdict: 'fail', failing: /lo only/ },
  'vip-slash24': { files: { 'client.sh': CLIENT_OK, 'server.sh': SERVER_OK.replace('/32', '/24') }, verdict: 'fail', failing: /\/24/ },
  'no-static-entry': { files: { 'client.sh': CLIENT_OK.split('\n').slice(0, 2).join('\n'), 'server.sh': SERVER_OK }, verdict: 'fail' },
  empty: { files: {}, verdict: 'fail' },
};
// 20 submissions: 4 of each passing kind, 3 of each broken one.
const PLAN = [...Array(4).fill('correct'), ...Array(4).fill('on-eth0'), ...['lo-only', 'vip-slash24', 'no-static-entry', 'empty'].flatMap((k) => Array(3).fill(k))] as string[];

describe('grading 20 ARP submissions', () => {
  let labs: LabManager;
  let dir: string;
  const { curriculum } = loadCurriculum('curricula');
  beforeAll(async () => {
    ({ labs } = await testLabManager({ curriculumDir: 'curricula' }));
    dir = mkdtempSync(path.join(tmpdir(), 'opslab-arp-subs-'));
    PLAN.forEach((kind, i) => {
      const sub = path.join(dir, `${String(i).padStart(2, '0')}-${kind}`);
      mkdirSync(sub);
      for (const [f, text] of Object.entries(VARIANTS[kind]!.files)) writeFileSync(path.join(sub, f), text);
    });
  });
  afterAll(() => labs?.close({ destroyAll: true }));

  it('gives every submission its verdict, naming the mistake', { timeout: 600_000 }, async () => {
    const ex = curriculum.exercises.get('arp-cache')!;
    const subs = readSubmissions({ dir, hosts: ex.lab!.hosts.map((h) => h.name) });
    expect(subs).toHaveLength(20);
    const graded = await gradeAll({ labs, blueprint: blueprintOf(ex), checks: checksOf(ex), submissions: subs, concurrency: 4 });
    for (const g of graded) {
      const kind = g.submission.slice(3);
      const want = VARIANTS[kind]!;
      // readCheckLine: the message as the learner reads it, whether or not the grader rendered its key.
      const problems = g.results.tests.filter((t) => t.status !== 'pass').map((t) => `${t.status}: ${readCheckLine(t.message, 'curricula/linux-ops/arp-cache')}`);
      expect(g.results.status, `${g.submission}: ${problems.join(' | ')}`).toBe(want.verdict);
      expect(g.results.tests.some((t) => t.status === 'error'), `${g.submission}: ${problems.join(' | ')}`).toBe(false);
      if (want.failing) expect(problems.some((p) => want.failing!.test(p)), `${g.submission}: ${problems.join(' | ')}`).toBe(true);
    }
  });
});
