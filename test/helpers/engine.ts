import { randomBytes } from 'node:crypto';
import { loadCurriculum, type Curriculum } from '../../server/curriculum/index.js';
import { ensureLabImage } from '../../server/engine/images.js';
import { allowBridgedLabTraffic, isolateLabPool } from '../../server/engine/firewall.js';
import { labPool } from '../../server/lab/addresses.js';
import { createLocalEngine, ensureLocalEngine } from '../../server/engine/local.js';
import { engineSet } from '../../server/engine/select.js';
import type { Engine } from '../../server/engine/types.js';
import type { DiskQuota } from '../../server/lab/disk.js';
import type { LabManager } from '../../server/lab/manager.js';
import { createLabManager } from '../../server/platform.js';

let ready: Promise<Engine> | undefined;

/** The real local engine with the lab image built. Fails loudly (no skipping) when it cannot be had. */
export function localEngine(): Promise<Engine> {
  ready ??= (async () => {
    await ensureLocalEngine({});
    const engine = createLocalEngine();
    await isolateLabPool({ pool: labPool() });
    await allowBridgedLabTraffic({});
    await ensureLabImage({ docker: engine.docker });
    return engine;
  })();
  return ready;
}

/** A lab manager over the local engine with its own label instance, so parallel test files never touch each other's labs. */
export async function testLabManager(props: { curriculumDir: string; instance?: string; idleMs?: number; diskQuota?: DiskQuota }): Promise<{
  labs: LabManager;
  curriculum: Curriculum;
  engine: Engine;
  instance: string;
}> {
  const engine = await localEngine();
  const { curriculum, problems } = loadCurriculum(props.curriculumDir);
  if (problems.length) throw new Error(`fixture curriculum has problems: ${problems.map((p) => p.message).join('; ')}`);
  const instance = props.instance ?? `test-${randomBytes(4).toString('hex')}`;
  const labs = createLabManager({ engines: engineSet({ mode: 'local', local: engine }), exercises: () => curriculum.exercises, instance, idleMs: props.idleMs, diskQuota: props.diskQuota });
  return { labs, curriculum, engine, instance };
}

export const LABS_COURSE = 'test/fixtures/curricula/labs';
