import { afterAll, describe, expect, it } from 'vitest';
import { listManaged } from '../../server/lab/docker-runtime.js';
import type { LabManager } from '../../server/lab/manager.js';
import { blueprintOf } from '../../server/exercise-lab.js';
import { LABS_COURSE, testLabManager } from '../helpers/engine.js';

describe('a restarted server and the labs an earlier one left', () => {
  const managers: LabManager[] = [];
  afterAll(async () => {
    for (const m of managers) await m.close({ destroyAll: true });
  });

  it('adopts a complete lab (usable, same addresses) and removes a half-built one', async () => {
    const first = await testLabManager({ curriculumDir: LABS_COURSE });
    const { curriculum, engine, instance } = first;
    const web = curriculum.exercises.get('web-serve')!;
    const ready = await first.labs.ready((await first.labs.start({ learner: 'alice', blueprint: blueprintOf(web) })).id);
    // A second lab is abandoned mid-start: its server "dies" before it finishes.
    const half = await first.labs.start({ learner: 'bob', blueprint: blueprintOf(web) });
    await new Promise((r) => setTimeout(r, 150));
    // The first server is gone (no close, no cleanup); a new one starts with the same instance label.
    const second = await testLabManager({ curriculumDir: LABS_COURSE, instance });
    managers.push(second.labs);
    await first.labs.ready(half.id).catch(() => {}); // let the orphaned build settle
    // Simulate the crash: the half-built lab loses a container, as a killed build would leave it.
    const halfLeft = await listManaged({ docker: engine.docker, instance, lab: half.id });
    if (halfLeft.containers[0]) await engine.docker.getContainer(halfLeft.containers[0].Id).remove({ force: true });

    const { adopted, removed } = await second.labs.reconcile();
    expect(adopted).toContain(ready.id);
    expect(removed).toContain(half.id);
    const again = second.labs.get(ready.id);
    expect(again.state).toBe('ready');
    expect(again.learner).toBe('alice');
    expect(again.env.WEB_IP).toBe(ready.env.WEB_IP);
    const res = await second.labs.run({ lab: again, host: 'web', script: 'hostname; cat /root/setup-marker', timeoutMs: 5000 });
    expect(res.stdout).toBe('web\nset up by the lab\n');
    const gone = await listManaged({ docker: engine.docker, instance, lab: half.id });
    expect([...gone.containers, ...gone.networks]).toEqual([]);
    // A new lab never reuses the adopted lab's subnet.
    const fresh = await second.labs.ready((await second.labs.start({ learner: 'carol', blueprint: blueprintOf(web) })).id);
    expect(fresh.subnets.lan).not.toBe(again.subnets.lan);
  });

  it('adopts a lab with a host powered off from the lab view, powered on again', async () => {
    const first = await testLabManager({ curriculumDir: LABS_COURSE });
    const web = first.curriculum.exercises.get('web-serve')!;
    const lab = await first.labs.ready((await first.labs.start({ learner: 'erin', blueprint: blueprintOf(web) })).id);
    await first.engine.docker.getContainer(lab.hosts.find((h) => h.name === 'web')!.containerId).stop({ t: 1 });
    const second = await testLabManager({ curriculumDir: LABS_COURSE, instance: first.instance });
    managers.push(second.labs);
    const { adopted, removed } = await second.labs.reconcile();
    expect(removed).not.toContain(lab.id);
    expect(adopted).toContain(lab.id);
    const res = await second.labs.run({ lab: second.labs.get(lab.id), host: 'web', script: 'cat /root/setup-marker', timeoutMs: 5000 });
    expect(res.stdout).toBe('set up by the lab\n');
  });

  it('does not adopt a lab whose server died before its setup finished', async () => {
    const first = await testLabManager({ curriculumDir: LABS_COURSE });
    const web = first.curriculum.exercises.get('web-serve')!;
    const bp = blueprintOf(web);
    // Setup that is still running when the "crash" happens: every container is up, setup is not done.
    const slow = { ...bp, scripts: { ...bp.scripts, 'scripts/setup-web.sh': 'sleep 30' } };
    const lab = await first.labs.start({ learner: 'gina', blueprint: slow });
    for (let i = 0; i < 100 && !lab.log.some((l) => l.startsWith('setup:')); i++) await new Promise((r) => setTimeout(r, 100));
    const second = await testLabManager({ curriculumDir: LABS_COURSE, instance: first.instance });
    managers.push(second.labs);
    const { adopted, removed } = await second.labs.reconcile();
    expect(adopted).not.toContain(lab.id);
    expect(removed).toContain(lab.id);
  });

  it('removes labs of an exercise that left the curriculum', async () => {
    const first = await testLabManager({ curriculumDir: LABS_COURSE });
    const web = first.curriculum.exercises.get('web-serve')!;
    const lab = await first.labs.ready((await first.labs.start({ learner: 'dan', blueprint: { ...blueprintOf(web), exercise: 'retired-exercise' } })).id);
    const second = await testLabManager({ curriculumDir: LABS_COURSE, instance: first.instance });
    managers.push(second.labs);
    const { removed } = await second.labs.reconcile();
    expect(removed).toEqual([lab.id]);
  });
});
