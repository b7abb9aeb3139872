// When the engine under a lab dies (a VM killed by its watchdog), the lab fails at once with
// ENGINE_DOWN and its terminals end; a reset builds it again on a live engine.
// The death is signalled by hand on a wrapper of the real local engine: the local engine cannot
// be killed while other test files use it. test/engine/vm.test.ts kills a real VM's engine.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCurriculum } from '../../server/curriculum/index.js';
import type { Engine } from '../../server/engine/types.js';
import { listManaged } from '../../server/lab/docker-runtime.js';
import { createLabManager } from '../../server/platform.js';
import { blueprintOf } from '../../server/exercise-lab.js';
import { LABS_COURSE, localEngine } from '../helpers/engine.js';

/** The local engine with a death that the test triggers. */
function mortal(local: Engine): Engine & { die(reason: string): void } {
  const listeners = new Set<(reason: string) => void>();
  return {
    kind: local.kind,
    description: `${local.description} (mortal wrapper)`,
    docker: local.docker,
    features: () => local.features(),
    ping: () => local.ping(),
    close: async () => {},
    onDeath(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    die(reason) {
      for (const l of listeners) l(reason);
    },
  };
}

describe('a lab whose engine dies', () => {
  const instance = `test-${randomBytes(4).toString('hex')}`;
  let cleanup: (() => Promise<void>) | undefined;
  afterAll(async () => cleanup?.());

  it('fails with ENGINE_DOWN, ends its terminals, and a reset rebuilds it on a live engine', async () => {
    const local = await localEngine();
    const { curriculum } = loadCurriculum(LABS_COURSE);
    const first = mortal(local);
    let current: Engine = first;
    const picks: Engine[] = [];
    const engines = {
      pick: async () => {
        picks.push(current);
        return current;
      },
      candidates: async () => [current],
      all: () => [current],
      byId: () => current,
      close: async () => {},
    };
    const labs = createLabManager({ engines, exercises: () => curriculum.exercises, instance });
    // What a dead VM takes with it: every container and network of the labs on it.
    const vanish = async () => {
      const left = await listManaged({ docker: local.docker, instance });
      await Promise.all(left.containers.map((c) => local.docker.getContainer(c.Id).remove({ force: true })));
      for (const n of left.networks) await local.docker.getNetwork(n.Id).remove().catch(() => {});
    };
    cleanup = async () => {
      await labs.close({ destroyAll: true });
      await vanish();
    };
    const gone: string[] = [];
    labs.on('gone', (id) => gone.push(id));

    const web = curriculum.exercises.get('web-serve')!;
    const lab = await labs.ready((await labs.start({ learner: 'erin', blueprint: blueprintOf(web) })).id);
    expect(lab.engine).toBe(first);

    await vanish();
    first.die('watchdog: the guest kernel reports a stuck CPU');
    expect(lab.state).toBe('failed');
    expect(lab.error?.code).toBe('ENGINE_DOWN');
    expect(lab.error?.message).toContain('stuck CPU');
    expect(gone).toEqual([lab.id]);
    await expect(labs.ready(lab.id)).rejects.toMatchObject({ code: 'ENGINE_DOWN' });

    const second = mortal(local);
    current = second;
    await labs.reset(lab.id);
    const again = await labs.ready(lab.id);
    expect(again.state).toBe('ready');
    expect(again.engine).toBe(second);
    expect(picks).toEqual([first, second]);
    const res = await labs.run({ lab: again, host: 'web', script: 'cat /root/setup-marker', timeoutMs: 10_000 });
    expect(res.stdout).toBe('set up by the lab\n');
    // A second death of the first engine is nothing to this lab any more.
    first.die('again');
    expect(again.state).toBe('ready');
  }, 120_000);
});
