// Snapshots of the vm engine (server/engine/vm/snapshot.ts) against real QEMU: a cold boot saves
// one, the next VM resumes it (its Docker answers, a container runs, its clock is the host's), and a
// snapshot that cannot be resumed is discarded for a cold boot that saves a new one. The test's
// guest has a kernel command line of its own, so its snapshots are its own; it removes them.
import { randomBytes } from 'node:crypto';
import { truncateSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDefaultVmImage } from '../../server/engine/connect.js';
import { listSnapshots, startVmEngine, type VmEngine } from '../../server/engine/vm/index.js';

const tag = `opslab.test=snap-${randomBytes(4).toString('hex')}`;
let dir: string;
let image: string;
const lines: string[] = [];
const log = (line: string) => lines.push(line);
const ours = () => listSnapshots(dir).filter((s) => s.meta?.shape.append === tag);

beforeAll(async () => {
  const built = await ensureDefaultVmImage({ log: () => {} });
  dir = built.dir;
  image = built.images[0]!;
}, 900_000);

afterAll(async () => {
  const { rmSync } = await import('node:fs');
  for (const s of ours()) rmSync(s.dir, { recursive: true, force: true });
});

/** A container's view of the guest: its clock (seconds since the epoch) and that it runs at all. */
async function guestClock(engine: VmEngine): Promise<number> {
  const c = await engine.docker.createContainer({ Image: image, Cmd: ['date', '+%s'], Labels: { 'opslab.test': 'snapshot' } });
  try {
    await c.start();
    await c.wait();
    const out = (await c.logs({ stdout: true, stderr: true })).toString('utf8');
    return Number(/(\d{10})/.exec(out)?.[1]);
  } finally {
    await c.remove({ force: true });
  }
}

describe('vm engine snapshots', () => {
  it('a cold boot saves a snapshot; the next VM resumes it, answers, runs containers and keeps the host’s time', async () => {
    const cold = await startVmEngine({ imageDir: dir, log, append: tag });
    const coldReadyMs = cold.bootMs + cold.warmUpMs;
    expect(cold.resumed).toBe(false);
    await cold.close();
    expect(ours()).toHaveLength(1);
    expect(ours()[0]!.meta).toMatchObject({ apiVersion: expect.stringMatching(/^1\.\d+$/), features: { ipvs: { ok: true } } });
    // The saved guest's clock stops at the save: resume it a while later and it must catch up.
    await new Promise((r) => setTimeout(r, 12_000));
    const resumed = await startVmEngine({ imageDir: dir, log, append: tag });
    try {
      expect(resumed.resumed).toBe(true);
      expect(resumed.bootMs).toBeLessThan(coldReadyMs / 2);
      expect((await resumed.features()).ipvs.ok).toBe(true);
      const skew = (await guestClock(resumed)) - Date.now() / 1000;
      expect(Math.abs(skew)).toBeLessThan(4);
    } finally {
      await resumed.close();
    }
  }, 600_000);

  it('discards a snapshot that cannot be resumed, boots cold and saves a new one', async () => {
    const [saved] = ours();
    expect(saved).toBeDefined();
    truncateSync(`${saved!.dir}/state`, 4096);
    lines.length = 0;
    const engine = await startVmEngine({ imageDir: dir, log, append: tag });
    try {
      expect(engine.resumed).toBe(false);
      expect(lines.join('\n')).toMatch(/resuming snapshot \w+ failed .*discarding it and booting cold/);
      expect(await engine.ping()).toBe(true);
    } finally {
      await engine.close();
    }
    expect(ours()).toHaveLength(1);
    expect(ours()[0]!.meta!.createdAt > saved!.meta!.createdAt).toBe(true);
  }, 600_000);
});
