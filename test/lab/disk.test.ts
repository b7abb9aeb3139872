// The disk guard's measure of a lab host (server/lab/disk.ts, the runtime's diskUsage), both ways it
// is taken: on the local engine by walking Docker's files, elsewhere (vm, remote engines) through
// the Engine API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Curriculum } from '../../server/curriculum/index.js';
import type { Engine } from '../../server/engine/types.js';
import { dockerRuntime } from '../../server/lab/docker-runtime.js';
import type { DiskQuota } from '../../server/lab/disk.js';
import type { LabManager } from '../../server/lab/manager.js';
import type { Lab } from '../../server/lab/types.js';
import { blueprintOf } from '../../server/exercise-lab.js';
import { LABS_COURSE, testLabManager } from '../helpers/engine.js';

describe('measuring what a lab host wrote', () => {
  let labs: LabManager;
  let curriculum: Curriculum;
  let engine: Engine;
  let lab: Lab;
  const MB = 1024 * 1024;
  const stopAt = { bytes: 10_000 * MB, inodes: 1_000_000 };
  /** As the runtime of a local engine measures (walking its files), or of any other (through the API). */
  const measure = (host: string, local: boolean, quota: DiskQuota = stopAt) =>
    dockerRuntime({ docker: engine.docker, kind: local ? 'local' : 'remote' }).diskUsage({ host: lab.hosts.find((h) => h.name === host)!, stopAt: quota });
  beforeAll(async () => {
    ({ labs, curriculum, engine } = await testLabManager({ curriculumDir: LABS_COURSE }));
    lab = await labs.ready((await labs.start({ learner: 'measured', blueprint: blueprintOf(curriculum.exercises.get('web-serve')!) })).id);
  });
  afterAll(() => labs?.close({ destroyAll: true }));

  it('counts the bind-mounted files and the inodes of the writable layer, the same both ways', async () => {
    const r = await labs.run({
      lab,
      host: 'web',
      script: 'head -c 5000000 /dev/zero > /etc/hosts; head -c 3000000 /dev/zero > /etc/resolv.conf; head -c 1000000 /dev/zero > /etc/hostname; mkdir /root/many; cd /root/many; for i in $(seq 300); do : > f$i; done; ln f1 hard; echo ok',
      timeoutMs: 20_000,
    });
    expect(r.stdout.trim()).toBe('ok');
    for (const local of [true, false]) {
      const use = await measure('web', local);
      expect(use.unmeasurable, `local=${local}`).toBeUndefined();
      expect(use.parts, `local=${local}`).toMatchObject({ '/etc/hosts': 5_000_000, '/etc/resolv.conf': 3_000_000, '/etc/hostname': 1_000_000 });
      expect(use.bytes, `local=${local}`).toBeGreaterThanOrEqual(9_000_000);
      expect(use.inodes, `local=${local}`).toBeGreaterThan(300);
      expect(use.inodes, `local=${local}`).toBeLessThan(400);
    }
    const client = await measure('client', true);
    expect(client.inodes).toBeLessThan(50); // a fresh host: a few files of its own
  });

  // Docker's walk of the layer fails on a path longer than 4096 bytes (SizeRw -1): through the API
  // such a host cannot be measured, and says so; the local walk measures it.
  it('measures a file under a path too long for Docker, or reports the host as unmeasurable', async () => {
    const r = await labs.run({
      lab,
      host: 'client',
      script: 'cd /root; d=$(printf "d%.0s" $(seq 200)); for i in $(seq 25); do mkdir $d && cd $d; done; head -c 20000000 /dev/zero > hidden; echo ok',
      timeoutMs: 20_000,
    });
    expect(r.stdout.trim()).toBe('ok');
    const local = await measure('client', true);
    expect(local.unmeasurable).toBeUndefined();
    expect(local.parts['writable layer']).toBeGreaterThan(20_000_000);
    const api = await measure('client', false);
    expect(api.unmeasurable).toMatch(/could not measure its writable layer/);
  });

  it('stops walking once over the quota', async () => {
    const use = await measure('web', true, { bytes: stopAt.bytes, inodes: 100 });
    expect(use.inodes).toBeGreaterThan(100);
    expect(use.inodes).toBe(101);
  });
});
