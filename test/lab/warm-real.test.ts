// A warm lab (server/lab/pool.ts) on the real Docker engine: built ahead with the pool's label,
// handed to a learner without creating anything, working as theirs (its setup ran, its hosts answer),
// and after a restart given back to that learner because the store says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Curriculum } from '../../server/curriculum/index.js';
import { engineSet } from '../../server/engine/select.js';
import type { Engine } from '../../server/engine/types.js';
import { listManaged } from '../../server/lab/docker-runtime.js';
import type { LabManager } from '../../server/lab/manager.js';
import { POOL_LEARNER } from '../../server/lab/pool.js';
import { blueprintOf } from '../../server/exercise-lab.js';
import { createLabManager } from '../../server/platform.js';
import { LABS_COURSE, testLabManager } from '../helpers/engine.js';

describe('a warm lab on the real Docker engine', () => {
  let labs: LabManager;
  let curriculum: Curriculum;
  let engine: Engine;
  let instance: string;
  let after: LabManager | undefined;
  beforeAll(async () => {
    ({ labs, curriculum, engine, instance } = await testLabManager({ curriculumDir: LABS_COURSE }));
  });
  afterAll(async () => {
    await labs?.close({ destroyAll: true });
    await after?.close({ destroyAll: true });
  });

  it('is built ahead, handed over without creating a container, works, and is the learner’s again after a restart', async () => {
    labs.startWarmLabs({ vm: 0, local: 0, exercises: { 'web-serve': 1 }, memoryMiB: 4096 });
    const deadline = Date.now() + 120_000;
    while ((labs.warmLabs().exercises['web-serve']?.ready ?? 0) < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(labs.warmLabs().exercises['web-serve']).toMatchObject({ ready: 1, want: 1 });
    const before = await listManaged({ docker: engine.docker, instance });
    expect(before.containers.length).toBeGreaterThan(0);
    expect(before.containers.every((c) => c.Labels['opslab.learner'] === POOL_LEARNER)).toBe(true);

    const lab = await labs.start({ learner: 'wendy', blueprint: blueprintOf(curriculum.exercises.get('web-serve')!) });
    expect(lab.state).toBe('ready');
    const ids = (await listManaged({ docker: engine.docker, instance })).containers.filter((c) => c.Labels['opslab.lab'] === lab.id).map((c) => c.Id).sort();
    expect(ids).toEqual(before.containers.map((c) => c.Id).sort());
    // Its setup ran when it was built (the fixture's setup writes the web page's home) and it answers as wendy's.
    const env = await labs.run({ lab: labs.getOwned(lab.id, 'wendy'), host: 'web', script: 'echo "$OPSLAB_HOST $WEB_IP"', timeoutMs: 10_000 });
    expect(env.stdout.trim()).toBe(`web ${lab.env.WEB_IP}`);

    await labs.close(); // the server stops; its labs stay
    after = createLabManager({
      engines: engineSet({ mode: 'local', local: engine }),
      exercises: () => curriculum.exercises,
      instance,
      ownerOf: async (id) => (id === lab.id ? 'wendy' : undefined),
    });
    const { adopted } = await after.reconcile();
    expect(adopted).toContain(lab.id);
    expect(after.getOwned(lab.id, 'wendy').state).toBe('ready');
  }, 240_000);
});
