// Resource abuse from inside a lab: each attack stays inside its container's limits, other labs'
// checks still answer in their normal time, and destroying the lab leaves nothing behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Curriculum } from '../../server/curriculum/index.js';
import type { Engine } from '../../server/engine/types.js';
import { listManaged } from '../../server/lab/docker.js';
import type { LabManager } from '../../server/lab/manager.js';
import type { Lab } from '../../server/lab/types.js';
import { blueprintOf } from '../../server/platform.js';
import { LABS_COURSE, testLabManager } from '../helpers/engine.js';

describe('resource abuse inside a lab', () => {
  let labs: LabManager;
  let curriculum: Curriculum;
  let engine: Engine;
  let instance: string;
  let bad: Lab;
  let good: Lab;
  beforeAll(async () => {
    ({ labs, curriculum, engine, instance } = await testLabManager({ curriculumDir: LABS_COURSE }));
    const bp = blueprintOf(curriculum.exercises.get('web-serve')!);
    [bad, good] = await Promise.all([labs.start({ learner: 'abuser', blueprint: bp }), labs.start({ learner: 'bystander', blueprint: bp })].map(async (p) => labs.ready((await p).id)));
  });
  afterAll(() => labs?.close({ destroyAll: true }));

  const inBad = (script: string, timeoutMs = 30_000) => labs.run({ lab: bad, host: 'client', script, timeoutMs });
  /** A bystander's quick command must keep answering in normal time while the abuse runs. */
  const bystanderLatency = async () => {
    const t0 = Date.now();
    const r = await labs.run({ lab: good, host: 'client', script: 'echo alive', timeoutMs: 10_000 });
    expect(r.stdout.trim()).toBe('alive');
    return Date.now() - t0;
  };

  it('a fork bomb hits the pid limit', async () => {
    // On host web, so the other attacks keep a usable client. Counting uses shell builtins only:
    // under the bomb nothing can fork.
    const r = await labs.run({
      lab: bad,
      host: 'web',
      script: 'bomb() { bomb | bomb & }; (bomb) 2>/dev/null & sleep 5; d=/sys/fs/cgroup/pids; [ -r $d/pids.max ] || d=/sys/fs/cgroup; read n < $d/pids.current; read m < $d/pids.max; echo "procs=$n max=$m"; kill -9 -1 2>/dev/null; true',
      timeoutMs: 30_000,
    });
    const [procs, max] = [/procs=(\d+)/, /max=(\d+)/].map((re) => Number(re.exec(r.output)?.[1] ?? 'NaN'));
    expect(max).toBe(512);
    expect(procs).toBeGreaterThan(400); // the bomb really ran into the limit...
    expect(procs).toBeLessThanOrEqual(512); // ...and no further
    expect(await bystanderLatency()).toBeLessThan(3000);
  });

  it('a memory hog is killed at the memory limit, not the machine', async () => {
    const r = await inBad('python3 -c "b=[]\nwhile True: b.append(bytearray(10**7))" ; echo "rc=$?"');
    expect(r.output).toMatch(/rc=137|MemoryError/);
    expect(await bystanderLatency()).toBeLessThan(3000);
  });

  it('a CPU spinner gets its share, and the bystander still answers', async () => {
    await inBad('for i in 1 2 3 4; do (timeout 8 sh -c "while :; do :; done" &) ; done; echo started');
    const ms = await bystanderLatency();
    expect(ms).toBeLessThan(3000);
  });

  it('ten thousand open files are refused at the nofile limit', async () => {
    const r = await inBad('python3 -c "\nimport os\nfs=[]\ntry:\n  [fs.append(os.open(\'/dev/null\', os.O_RDONLY)) for _ in range(10000)]\nexcept OSError as e: print(\'refused at\', len(fs))\n"');
    expect(r.stdout).toMatch(/refused at \d+/);
    expect(Number(/refused at (\d+)/.exec(r.stdout)![1])).toBeLessThan(4100);
  });

  it('a process that ignores SIGTERM does not keep the lab alive', async () => {
    await inBad('setsid sh -c "trap \\"\\" TERM; while :; do sleep 1; done" >/dev/null 2>&1 < /dev/null & echo ok');
    const t0 = Date.now();
    await labs.destroy(bad.id);
    expect(Date.now() - t0).toBeLessThan(15_000);
    const left = await listManaged({ docker: engine.docker, instance, lab: bad.id });
    expect([...left.containers, ...left.networks]).toEqual([]);
  });

  it('a disk filler is stopped at the lab disk quota, and the lab says why', async () => {
    const bp = blueprintOf(curriculum.exercises.get('web-serve')!);
    const filler = await labs.ready((await labs.start({ learner: 'filler', blueprint: bp })).id);
    labs.startDiskGuard({ everyMs: 500, limitBytes: 64 * 1024 * 1024 });
    await labs.run({ lab: filler, host: 'web', script: 'setsid sh -c "dd if=/dev/zero of=/root/fill bs=1M count=400" >/dev/null 2>&1 </dev/null & echo started', timeoutMs: 10_000 });
    const t0 = Date.now();
    while (filler.state === 'ready' && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 200));
    expect(filler.state).toBe('failed');
    expect(filler.error).toMatchObject({ code: 'LAB_QUOTA' });
    expect(filler.error!.message).toMatch(/over its limit of 64 MB/);
    const left = await listManaged({ docker: engine.docker, instance, lab: filler.id });
    expect(left.containers).toEqual([]);
    expect(await bystanderLatency()).toBeLessThan(3000);
  });
});
