// Resource abuse from inside a lab: each attack stays inside its container's limits, other labs'
// checks still answer in their normal time, and destroying the lab leaves nothing behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Curriculum } from '../../server/curriculum/index.js';
import type { Engine } from '../../server/engine/types.js';
import { listManaged } from '../../server/lab/docker-runtime.js';
import type { LabManager } from '../../server/lab/manager.js';
import type { Lab } from '../../server/lab/types.js';
import { blueprintOf } from '../../server/exercise-lab.js';
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

  /** Reads a cgroup file of the container, v2 name first, then v1 (controller/file). Prints nothing if neither exists. */
  const CGROUP = `cg() { for f in "$@"; do [ -r /sys/fs/cgroup/$f ] && { cat /sys/fs/cgroup/$f; return; }; done; }`;

  it('a memory hog is killed at the memory limit, not the machine', async () => {
    // The limit as the kernel holds it, the OOM kills in the container's cgroup before and after,
    // and the peak, so the hog is seen to be killed at memory.max rather than by chance.
    const r = await inBad(`${CGROUP}
oom() { cg memory.events memory/memory.oom_control | awk '$1 == "oom_kill" { print $2 }'; }
before=$(oom)
python3 -c "b=[]
while True: b.append(bytearray(10**7))"
rc=$?
echo "max=$(cg memory.max memory/memory.limit_in_bytes) rc=$rc kills=$(( $(oom) - before )) peak=$(cg memory.peak memory/memory.max_usage_in_bytes)"`);
    const got = Object.fromEntries([...r.stdout.matchAll(/(\w+)=(\d+)/g)].map((m) => [m[1], Number(m[2])]));
    expect(got.max).toBe(256 * 1024 * 1024);
    expect(got.rc).toBe(137); // SIGKILL: the OOM killer, not a MemoryError the hog could catch
    expect(got.kills).toBeGreaterThanOrEqual(1);
    if (got.peak !== undefined) {
      expect(got.peak).toBeGreaterThan(got.max! * 0.9); // it really got to the limit...
      expect(got.peak).toBeLessThanOrEqual(got.max!); // ...and no further
    }
    expect(await bystanderLatency()).toBeLessThan(3000);
  });

  it('a CPU spinner gets its share, and the bystander still answers', async () => {
    // Four spinners for 5 s on a 0.5 CPU quota: the container's CPU time over 3 s of wall time is
    // its share (≈ 0.5); without the quota it would be what the machine's cores give (up to 4).
    const r = await inBad(`${CGROUP}
usage() { u=$(cg cpu.stat cpuacct/cpuacct.usage | awk '$1 == "usage_usec" { print $2 * 1000; f = 1 } NR == 1 && NF == 1 { print $1; f = 1 }'); echo "$u"; }
for i in 1 2 3 4; do (timeout 5 sh -c "while :; do :; done" &); done
sleep 1
u0=$(usage); t0=$(date +%s%N)
sleep 3
u1=$(usage); t1=$(date +%s%N)
q=$(cg cpu.max cpu/cpu.cfs_quota_us); p=$(cg cpu/cpu.cfs_period_us)
echo "quota=$q period=$p" | sed 's/quota=\\([0-9]*\\) \\([0-9]*\\) period=/quota=\\1 period=\\2/'
awk -v u="$((u1 - u0))" -v t="$((t1 - t0))" 'BEGIN { printf "share=%.2f\\n", u / t }'`);
    expect(r.stdout).toMatch(/quota=50000 period=100000/);
    const share = Number(/share=([\d.]+)/.exec(r.stdout)?.[1] ?? 'NaN');
    expect(share).toBeGreaterThan(0.2); // the spinners really spun...
    expect(share).toBeLessThan(0.6); // ...and were held to 0.5 CPU
    expect(await bystanderLatency()).toBeLessThan(3000);
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

  describe('the lab disk quota', () => {
    const LIMIT_MB = 64;
    const LIMIT_INODES = 20_000;
    // Labs of their own, under a small quota: the guard's limit and the one-file cap are one setting.
    let quotaLabs: LabManager;
    let quotaInstance: string;
    beforeAll(async () => {
      ({ labs: quotaLabs, instance: quotaInstance } = await testLabManager({ curriculumDir: LABS_COURSE, diskQuota: { bytes: LIMIT_MB * 1024 * 1024, inodes: LIMIT_INODES } }));
      quotaLabs.startDiskGuard({ everyMs: 500 });
    });
    afterAll(() => quotaLabs?.close({ destroyAll: true }));

    /** Starts a lab, runs `script` on web in the background, and waits for the guard to stop the lab. */
    const fill = async (learner: string, script: string) => {
      const bp = blueprintOf(curriculum.exercises.get('web-serve')!);
      const lab = await quotaLabs.ready((await quotaLabs.start({ learner, blueprint: bp })).id);
      const started = await quotaLabs.run({ lab, host: 'web', script: `setsid sh -c '${script}' >/dev/null 2>&1 </dev/null & echo started`, timeoutMs: 10_000 });
      expect(started.stdout.trim()).toBe('started');
      const t0 = Date.now();
      while (lab.state === 'ready' && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 200));
      expect(lab.state).toBe('failed');
      expect(lab.error).toMatchObject({ code: 'LAB_QUOTA' });
      const left = await listManaged({ docker: engine.docker, instance: quotaInstance, lab: lab.id });
      expect(left.containers).toEqual([]);
      expect(await bystanderLatency()).toBeLessThan(3000);
      return lab.error!.message;
    };

    it('a disk filler is stopped at the lab disk quota, and the lab says why', { timeout: 60_000 }, async () => {
      const message = await fill('filler', 'dd if=/dev/zero of=/root/fill bs=1M count=400');
      expect(message).toMatch(new RegExp(`wrote \\d+ MB to disk, over its limit of ${LIMIT_MB} MB`));
    });

    // Docker bind-mounts these three from its own directory: they are writable and were not counted.
    it('a filler of /etc/hosts is stopped at the quota too', { timeout: 60_000 }, async () => {
      const message = await fill('hosts-filler', 'dd if=/dev/zero of=/etc/hosts bs=1M count=400');
      expect(message).toMatch(new RegExp(`over its limit of ${LIMIT_MB} MB`));
      expect(message).toContain('/etc/hosts on web');
    });

    it('/etc/resolv.conf and /etc/hostname count too, together', { timeout: 60_000 }, async () => {
      const message = await fill('resolv-filler', 'dd if=/dev/zero of=/etc/resolv.conf bs=1M count=40; dd if=/dev/zero of=/etc/hostname bs=1M count=40');
      expect(message).toMatch(new RegExp(`over its limit of ${LIMIT_MB} MB`));
    });

    // Docker measures the writable layer with a walk that gives up on a path longer than 4096
    // bytes (SizeRw -1): a file under such a path was invisible to the quota.
    it('a filler hidden under a path too long to measure is stopped too', { timeout: 60_000 }, async () => {
      const message = await fill('deep-filler', 'cd /root; d=$(printf "d%.0s" $(seq 200)); for i in $(seq 25); do mkdir $d && cd $d; done; dd if=/dev/zero of=fill bs=1M count=200');
      expect(message).toMatch(new RegExp(`over its limit of ${LIMIT_MB} MB`));
    });

    // Between two rounds of the guard a learner can write fast: no single file may outgrow the quota.
    it('a single file cannot grow past the lab disk quota, even between two rounds of the guard', { timeout: 60_000 }, async () => {
      const bp = blueprintOf(curriculum.exercises.get('web-serve')!);
      // No guard here: only the cap on one file, at the lab's quota, stops the writer.
      const { labs: capped } = await testLabManager({ curriculumDir: LABS_COURSE, diskQuota: { bytes: 32 * 1024 * 1024, inodes: LIMIT_INODES } });
      try {
        const lab = await capped.ready((await capped.start({ learner: 'fast-filler', blueprint: bp })).id);
        const r = await capped.run({ lab, host: 'web', script: 'dd if=/dev/zero of=/etc/hosts bs=1M count=100 2>/dev/null; echo "rc=$? size=$(stat -c %s /etc/hosts)"', timeoutMs: 20_000 });
        expect(r.stdout.trim()).toBe(`rc=${128 + 25} size=${32 * 1024 * 1024}`); // SIGXFSZ at 32 MiB
      } finally {
        await capped.close({ destroyAll: true });
      }
    });

    it('an inode filler (empty files) is stopped at the inode quota, and the lab says so', { timeout: 60_000 }, async () => {
      const message = await fill('inode-filler', 'mkdir /root/many && cd /root/many && python3 -c "import os\nfor i in range(60000): os.close(os.open(str(i), os.O_CREAT | os.O_WRONLY))"');
      expect(message).toMatch(new RegExp(`created \\d+ files and directories, over its limit of ${LIMIT_INODES}`));
    });
  });
});
