// deploy/monitoring/alerts.yaml through Prometheus's own tool: `promtool check rules` (the rules
// parse and their PromQL is valid) and `promtool test rules` (alerts.test.yaml: each alert fires in
// the situation it is for, with its labels and text, and stays quiet beside it). promtool comes with
// Debian's prometheus package, which `opslab setup --test` installs; where it is absent (the fast
// lane on a contributor's machine) these are skipped, as `nginx -t` is in single-host.test.ts.
// That every metric the rules and the dashboard name is exported is test/http/metrics.test.ts's.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findExecutable } from '../../server/engine/host.js';
import { ROOT } from '../helpers/manifests.js';

const DIR = path.join(ROOT, 'deploy/monitoring');
const promtool = findExecutable('promtool');

const run = (...args: string[]) => {
  const r = spawnSync(promtool!, args, { cwd: DIR, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
};

describe.skipIf(!promtool)('deploy/monitoring alert rules, by promtool (skipped where it is not installed)', () => {
  it('parse, and every expression is valid PromQL', () => {
    const r = run('check', 'rules', 'alerts.yaml');
    expect(r.out).toMatch(/SUCCESS: 5 rules found/);
    expect(r.code, r.out).toBe(0);
  });

  it('fire where they should and stay quiet where they should (alerts.test.yaml)', () => {
    const r = run('test', 'rules', 'alerts.test.yaml');
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/SUCCESS/);
  });
});
