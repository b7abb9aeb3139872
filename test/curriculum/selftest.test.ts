// Every lab exercise of the shipped curriculum passes its self-test on a real engine: a fresh lab
// makes every check fail (not error), and the solve scripts make every check pass.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { selftestExercise } from '../../server/check/selftest.js';
import { solveStepsOf } from '../../server/cli/selftest.js';
import { loadCurriculum } from '../../server/curriculum/index.js';
import type { EngineSet } from '../../server/engine/select.js';
import { KERNEL_ONLY_FEATURES } from '../../server/engine/types.js';
import type { LabManager } from '../../server/lab/manager.js';
import { createEngines } from '../../server/engine/connect.js';
import { createInspector, createLabManager } from '../../server/platform.js';
import type { LabInspector } from '../../server/view/inspector.js';
import { blueprintOf, checksOf } from '../../server/exercise-lab.js';

const { curriculum } = loadCurriculum('curricula');
// What learners get: every lab exercise but drafts (`draft: true`, docs/authoring.md), which are
// validated with the rest and self-tested on demand with `opslab selftest ID`.
const exercises = [...curriculum.exercises.values()].filter((e) => e.lab && !e.draft);
const drafts = [...curriculum.exercises.values()].filter((e) => e.lab && e.draft).map((e) => e.id);
if (drafts.length) console.log(`selftest: drafts not in the roadmap, not self-tested here: ${drafts.join(', ')}`);
// Exercises that need kernel features this machine may lack run on the vm engine (software
// emulation where KVM is unusable); all side by side, as many at once as the file's
// maxConcurrency (vitest.config.ts), which the vm guest's places exceed.
const needsVm = (e: (typeof exercises)[number]) => e.requires.some((f) => KERNEL_ONLY_FEATURES.includes(f));
const local = exercises.filter((e) => !needsVm(e));
const vm = exercises.filter(needsVm);

let shared: Promise<{ engines: EngineSet; labs: LabManager; inspector: LabInspector }> | undefined;
const platform = () =>
  (shared ??= createEngines({ mode: 'auto' }).then((engines) => ({
    engines,
    labs: createLabManager({ engines, exercises: () => curriculum.exercises, instance: `selftest-${randomBytes(3).toString('hex')}` }),
  })).then((p) => ({ ...p, inspector: createInspector({ labs: p.labs, instance: p.labs.instance }) })));

describe('selftest of every lab exercise', () => {
  afterAll(async () => {
    if (!shared) return;
    const { engines, labs, inspector } = await shared;
    await inspector.close();
    await labs.close({ destroyAll: true });
    await engines.close();
  });

  it('has lab exercises to test', () => {
    expect(exercises.length).toBeGreaterThan(0);
  });

  // The self-test bounds itself (deadlineMs) well inside the test's timeout, so a stuck exercise
  // fails with the stage it was stuck at and the lines it logged, and its lab is still destroyed.
  const selftest = async (ex: (typeof exercises)[number], deadlineMs: number) => {
    const { labs, inspector } = await platform();
    const lines: string[] = [];
    const log = (l: string) => lines.push(`${new Date().toISOString().slice(11, 19)} ${l}`);
    const report = await selftestExercise({ labs, blueprint: blueprintOf(ex), checks: checksOf(ex), solve: solveStepsOf(ex), log, deadlineMs, drillFor: (lab) => inspector.drillOf(lab, 'selftest') });
    for (const n of report.notes) console.log(`${ex.id}: ${n}`);
    expect(report.deviations, lines.join('\n')).toEqual([]);
    expect(report.fresh.length).toBeGreaterThan(0);
  };
  it.concurrent.each(local.map((e) => [e.id, e] as const))('%s', { timeout: 720_000 }, async (_id, ex) => selftest(ex, 600_000));
  // A retry after an engine death may double the time of a vm exercise.
  it.concurrent.each(vm.map((e) => [e.id, e] as const))('%s (vm engine)', { timeout: 1_500_000 }, async (_id, ex) => selftest(ex, 600_000));
});
