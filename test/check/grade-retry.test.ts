// Grading when the engine fails under a submission's lab (a VM killed as stuck, or dead): that is
// the platform's fault, not the submission's, so it is graded again on a fresh lab, once. On a FAKE
// lab runtime and FAKE engines (test/helpers/fake-runtime.ts): what is tested is the grader's
// decision, not Docker.
import { describe, expect, it } from 'vitest';
import { gradeSubmission, type Submission } from '../../server/check/grade.js';
import type { CheckToRun } from '../../server/check/run.js';
import { fakeBlueprint, fakeEngine, fakeLabManager, FakeRuntime } from '../helpers/fake-runtime.js';

const blueprint = fakeBlueprint('lvs-dr', ['director', 'rs1']);
const checks: CheckToRun[] = [{ taskId: 'vip', name: 'the VIP answers', host: 'director', script: 'check-vip', timeoutSeconds: 5 }];
const submission: Submission = { name: 'alice', dir: '/nonexistent', scripts: { director: 'configure-director' }, unknown: [], refused: [] };

/**
 * Engines as a VM engine set has them: the current one may die, and the next start gets a fresh
 * one. `killOn` makes the engine die under the first `times` scripts that contain `part`.
 */
function dyingEngines() {
  const runtime = new FakeRuntime();
  const engines = [fakeEngine({ kind: 'vm' }), fakeEngine({ kind: 'vm' }), fakeEngine({ kind: 'vm' })];
  let current = 0;
  const { labs } = fakeLabManager({ blueprints: [blueprint], runtime, options: { engines: { pick: async () => engines[current]!, all: () => [engines[current]!] } } });
  const killOn = (part: string, why: string, times = 1) => {
    runtime.onExec = (call) => {
      if (!call.script.includes(part) || times-- <= 0) return undefined;
      engines[current++]!.die(why);
      // What a call to a VM whose QEMU is gone meets: its forwarded port closed.
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:23750'), { code: 'ECONNREFUSED', syscall: 'connect' });
    };
  };
  return { labs, runtime, killOn };
}

const runsOf = (runtime: FakeRuntime, part: string) => runtime.execs.filter((c) => c.script.includes(part)).length;

describe('grading when the engine fails under the lab (fake runtime and engines)', () => {
  it('grades again on a fresh lab when the engine dies while the submission runs, and says so', async () => {
    const { labs, runtime, killOn } = dyingEngines();
    killOn('configure-director', 'watchdog: the guest sent no heartbeat for 45 s');
    const graded = await gradeSubmission({ labs, blueprint, checks, submission });
    expect(graded.results.status, JSON.stringify(graded.results.tests)).toBe('pass');
    expect(graded.retried).toMatch(/stopped \(watchdog: the guest sent no heartbeat for 45 s\)/);
    expect(runsOf(runtime, 'configure-director')).toBe(2);
    await labs.close();
  });

  it('grades again when the engine dies while the checks run', async () => {
    const { labs, runtime, killOn } = dyingEngines();
    killOn('check-vip', 'stuck: the vm engine creating host rs1 did not finish within 120 s');
    const graded = await gradeSubmission({ labs, blueprint, checks, submission });
    expect(graded.results.status, JSON.stringify(graded.results.tests)).toBe('pass');
    expect(graded.retried).toMatch(/stuck: the vm engine creating host rs1/);
    expect(runsOf(runtime, 'check-vip')).toBe(2);
    await labs.close();
  });

  it('does not grade again a submission that fails on a working engine, and reports a second engine failure as errors', async () => {
    const failing = dyingEngines();
    failing.runtime.onExec = (call) => (call.script.includes('check-vip') ? { exitCode: 1, stdout: 'FAIL: the VIP does not answer', output: 'FAIL: the VIP does not answer', timedOut: false, durationMs: 0 } : undefined);
    const graded = await gradeSubmission({ labs: failing.labs, blueprint, checks, submission });
    expect(graded.results.status).toBe('fail');
    expect(graded.retried).toBeUndefined();
    expect(runsOf(failing.runtime, 'configure-director')).toBe(1);
    await failing.labs.close();

    const twice = dyingEngines();
    twice.killOn('configure-director', 'watchdog: the guest sent no heartbeat for 45 s', 2);
    const again = await gradeSubmission({ labs: twice.labs, blueprint, checks, submission });
    expect(again.results.status).toBe('error');
    expect(again.retried).toBeDefined();
    expect(runsOf(twice.runtime, 'configure-director')).toBe(2);
    await twice.labs.close();
  });
});
