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

/** Engines as a VM engine set has them: the current one may die; the next start gets a fresh one. */
function dyingEngines() {
  const runtime = new FakeRuntime();
  const engines = [fakeEngine({ kind: 'vm' }), fakeEngine({ kind: 'vm' })];
  let current = 0;
  const { labs } = fakeLabManager({ blueprints: [blueprint], runtime, options: { engines: { pick: async () => engines[current]!, all: () => [engines[current]!] } } });
  const killCurrent = (why: string) => {
    engines[current]!.die(why);
    current++;
  };
  return { labs, runtime, killCurrent };
}

describe('grading when the engine fails under the lab (fake runtime and engines)', () => {
  it('grades again on a fresh lab when the engine dies while the submission runs, and says so', async () => {
    const { labs, runtime, killCurrent } = dyingEngines();
    let killed = false;
    runtime.onExec = (call) => {
      if (call.script.includes('configure-director') && !killed) {
        killed = true;
        killCurrent('watchdog: the guest sent no heartbeat for 45 s');
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:23750'), { code: 'ECONNREFUSED', syscall: 'connect' });
      }
      return undefined;
    };
    const graded = await gradeSubmission({ labs, blueprint, checks, submission });
    expect(graded.results.status, JSON.stringify(graded.results.tests)).toBe('pass');
    expect(graded.retried).toMatch(/does not answer|stopped/);
    expect(runtime.execs.filter((c) => c.script.includes('configure-director'))).toHaveLength(2);
    await labs.close();
  });

  it('grades again when the engine dies while the checks run', async () => {
    const { labs, runtime, killCurrent } = dyingEngines();
    let killed = false;
    runtime.onExec = (call) => {
      if (call.script.includes('check-vip') && !killed) {
        killed = true;
        killCurrent('stuck: the vm engine creating host rs1 did not finish within 120 s');
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:23750'), { code: 'ECONNREFUSED', syscall: 'connect' });
      }
      return undefined;
    };
    const graded = await gradeSubmission({ labs, blueprint, checks, submission });
    expect(graded.results.status, JSON.stringify(graded.results.tests)).toBe('pass');
    expect(graded.retried).toMatch(/stuck: the vm engine creating host rs1/);
    await labs.close();
  });

  it('does not grade again a submission that fails on a working engine, and reports a second engine failure as errors', async () => {
    const failing = dyingEngines();
    failing.runtime.onExec = (call) => (call.script.includes('check-vip') ? { exitCode: 1, stdout: 'FAIL: the VIP does not answer', output: 'FAIL: the VIP does not answer', timedOut: false, durationMs: 0 } : undefined);
    const graded = await gradeSubmission({ labs: failing.labs, blueprint, checks, submission });
    expect(graded.results.status).toBe('fail');
    expect(graded.retried).toBeUndefined();
    expect(failing.runtime.execs.filter((c) => c.script.includes('configure-director'))).toHaveLength(1);
    await failing.labs.close();

    const twice = dyingEngines();
    twice.runtime.onExec = (call) => {
      if (!call.script.includes('configure-director')) return undefined;
      twice.killCurrent('watchdog: the guest sent no heartbeat for 45 s');
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:23750'), { code: 'ECONNREFUSED', syscall: 'connect' });
    };
    const again = await gradeSubmission({ labs: twice.labs, blueprint, checks, submission });
    expect(again.results.status).toBe('error');
    expect(again.retried).toBeDefined();
    expect(twice.runtime.execs.filter((c) => c.script.includes('configure-director'))).toHaveLength(2);
    await twice.labs.close();
  });
});
