// runChecks and a task's drill: the faults go on before the task's first check and come off after
// its last, around exactly that task's checks, whatever the checks say; a drill that cannot be
// applied, or no way to apply one, makes the task's checks errors without running them.
import { describe, expect, it } from 'vitest';
import type { FaultStep } from '../../shared/lab-view.js';
import { runChecks, type CheckToRun, type Drill, type RunScript } from '../../server/check/run.js';

const STOP_LB1: FaultStep[] = [{ action: 'stop', host: 'lb1' }, { action: 'wait', seconds: 5 }];
const CUT_WEB2: FaultStep[] = [{ action: 'cut', host: 'web2', network: 'lan' }];

function check(taskId: string, name: string, faults?: FaultStep[]): CheckToRun {
  return { taskId, name, host: 'client', script: name, timeoutSeconds: 10, ...(faults ? { faults } : {}) };
}

/** Records, in one list, every script run, drill applied and drill undone. */
function recorder(props: { exits?: Record<string, number | Error> } = {}) {
  const calls: string[] = [];
  const run: RunScript = async ({ script }) => {
    calls.push(`run ${script}`);
    const exit = props.exits?.[script] ?? 0;
    if (exit instanceof Error) throw exit;
    const stdout = exit === 0 ? 'PASS: ok\n' : 'FAIL: not yet\n';
    return { exitCode: exit, stdout, output: stdout, timedOut: false, durationMs: 1 };
  };
  /** A fake drill: applies nothing, says what it was asked, and can fail to apply or to undo. */
  const fakeDrill = (opts: { failApply?: string; failRestore?: string } = {}): Drill => {
    return async ({ taskId, steps }) => {
      calls.push(`drill ${taskId}: ${steps.map((s) => s.action).join(',')}`);
      if (opts.failApply) throw new Error(opts.failApply);
      return {
        restore: async () => {
          calls.push(`restore ${taskId}`);
          if (opts.failRestore) throw new Error(opts.failRestore);
        },
      };
    };
  };
  return { calls, run, fakeDrill };
}

describe('runChecks with a task drill', () => {
  it("applies the drill before the task's first check and undoes it after its last, around exactly that task's checks, in order", async () => {
    const { calls, run, fakeDrill } = recorder();
    const checks = [
      check('pair', 'pair-1'),
      check('pair', 'pair-2'),
      check('power-off', 'off-1', STOP_LB1),
      check('power-off', 'off-2', STOP_LB1),
      check('cut', 'cut-1', CUT_WEB2),
      check('after', 'after-1'),
    ];
    const results = await runChecks({ checks, run, drill: fakeDrill() });
    expect(calls).toEqual([
      'run pair-1',
      'run pair-2',
      'drill power-off: stop,wait',
      'run off-1',
      'run off-2',
      'restore power-off',
      'drill cut: cut',
      'run cut-1',
      'restore cut',
      'run after-1',
    ]);
    expect(results.status).toBe('pass');
    expect(results.tests.map((t) => t.name)).toEqual(['pair-1', 'pair-2', 'off-1', 'off-2', 'cut-1', 'after-1']);
  });

  it('passes the steps to the drill as the task gives them', async () => {
    const { run } = recorder();
    const seen: { taskId: string; steps: FaultStep[] }[] = [];
    const recordingDrill: Drill = async (p) => {
      seen.push(p);
      return { restore: async () => {} };
    };
    await runChecks({ checks: [check('power-off', 'off-1', STOP_LB1), check('power-off', 'off-2', STOP_LB1)], run, drill: recordingDrill });
    expect(seen).toEqual([{ taskId: 'power-off', steps: STOP_LB1 }]);
  });

  it('undoes the drill when a check fails or cannot run, and goes on with the next checks', async () => {
    const { calls, run, fakeDrill } = recorder({ exits: { 'off-1': new Error('exec died'), 'off-2': 1 } });
    const results = await runChecks({
      checks: [check('power-off', 'off-1', STOP_LB1), check('power-off', 'off-2', STOP_LB1), check('after', 'after-1')],
      run,
      drill: fakeDrill(),
    });
    expect(calls).toEqual(['drill power-off: stop,wait', 'run off-1', 'run off-2', 'restore power-off', 'run after-1']);
    expect(results.tests.map((t) => [t.name, t.status])).toEqual([
      ['off-1', 'error'],
      ['off-2', 'fail'],
      ['after-1', 'pass'],
    ]);
  });

  it('undoes the drill when a callback throws in the middle of the task', async () => {
    const { calls, run, fakeDrill } = recorder();
    const boom = runChecks({
      checks: [check('power-off', 'off-1', STOP_LB1), check('power-off', 'off-2', STOP_LB1)],
      run,
      drill: fakeDrill(),
      onResult: () => {
        throw new Error('the page went away');
      },
    });
    await expect(boom).rejects.toThrow('the page went away');
    expect(calls).toEqual(['drill power-off: stop,wait', 'run off-1', 'restore power-off']);
  });

  it("reports a drill that cannot be applied as an error of each of the task's checks, runs none of them, and goes on", async () => {
    const { calls, run, fakeDrill } = recorder();
    const started: string[] = [];
    const results = await runChecks({
      checks: [check('power-off', 'off-1', STOP_LB1), check('power-off', 'off-2', STOP_LB1), check('after', 'after-1')],
      run,
      drill: fakeDrill({ failApply: 'lb1 did not stop within 10 s' }),
      onStart: (c) => started.push(c.name),
    });
    expect(calls).toEqual(['drill power-off: stop,wait', 'run after-1']);
    expect(started).toEqual(['off-1', 'off-2', 'after-1']);
    expect(results.status).toBe('error');
    const off = results.tests.filter((t) => t.task_id === 'power-off');
    expect(off.map((t) => t.status)).toEqual(['error', 'error']);
    for (const t of off) {
      expect(t.message).toBe("The platform could not apply this task's drill (stop lb1, wait 5 s), so the check did not run: lb1 did not stop within 10 s");
    }
    expect(results.tests[2]!.status).toBe('pass');
  });

  it("reports a drill that nothing can apply (no drill given) as an error of each of the task's checks, naming how to run it", async () => {
    const { calls, run } = recorder();
    const results = await runChecks({ checks: [check('pair', 'pair-1'), check('cut', 'cut-1', CUT_WEB2)], run });
    expect(calls).toEqual(['run pair-1']);
    expect(results.tests.map((t) => [t.name, t.status])).toEqual([
      ['pair-1', 'pass'],
      ['cut-1', 'error'],
    ]);
    expect(results.tests[1]!.message).toBe(
      "This task's drill (cut web2's link to lan) needs the platform's faults, and this run cannot apply them: run its checks with the web app's Check button or `opslab check LAB --task cut`.",
    );
  });

  it('reports a drill that cannot be undone as an error of its own, after the checks', async () => {
    const { calls, run, fakeDrill } = recorder();
    const results = await runChecks({ checks: [check('cut', 'cut-1', CUT_WEB2), check('after', 'after-1')], run, drill: fakeDrill({ failRestore: 'the engine is gone' }) });
    expect(calls).toEqual(['drill cut: cut', 'run cut-1', 'restore cut', 'run after-1']);
    expect(results.tests.map((t) => [t.name, t.status, t.task_id])).toEqual([
      ['cut-1', 'pass', 'cut'],
      ["the platform undoes the drill of task 'cut'", 'error', 'cut'],
      ['after-1', 'pass', 'after'],
    ]);
    expect(results.tests[1]!.message).toMatch(/^The platform could not undo this task's drill \(cut web2's link to lan\): the engine is gone\./);
    expect(results.tests[1]!.host).toBe('web2');
  });
});
