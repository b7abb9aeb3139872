// ClusterStore.hit, the rate counters every server of a cluster shares: fixed windows that start at
// multiples of windowMs, one atomic upsert per hit, a new window counting again from 1.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../server/store/index.js';
import { freshPostgres } from '../helpers/postgres.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Waits, if less than `needMs` of the current window of `windowMs` is left, for the next one to begin. */
const roomInWindow = async (windowMs: number, needMs = windowMs) => {
  const left = windowMs - (Date.now() % windowMs);
  if (left < needMs) await sleep(left + 5);
};

const kinds: [string, () => Promise<() => Promise<Store>>][] = [
  ['sqlite', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'opslab-hit-'));
    return () => openStore({ dataDir });
  }],
  ['postgres', async () => {
    const url = await freshPostgres();
    return () => openStore({ dataDir: '/nonexistent', url });
  }],
];

describe.each(kinds)('ClusterStore.hit on %s', (kind, make) => {
  const opened: Store[] = [];
  afterAll(async () => {
    for (const s of opened) await s.close().catch(() => {});
  });
  const open = async (factory: () => Promise<Store>) => {
    const s = await factory();
    opened.push(s);
    expect(s.kind).toBe(kind);
    return s;
  };

  it('counts hits in a window, per key, and starts again from 1 when the window rolls over', async () => {
    const store = await open(await make());
    const windowMs = 400;
    await roomInWindow(windowMs);
    const first = [];
    for (let i = 0; i < 3; i++) first.push(await store.hit({ key: 'answers:l:l_1', windowMs }));
    expect(first.map((r) => r.hits)).toEqual([1, 2, 3]);
    for (const r of first) {
      expect(r.resetMs).toBeGreaterThan(0);
      expect(r.resetMs).toBeLessThanOrEqual(windowMs);
    }
    // resetMs counts down to the window's end, the same end for every hit in it.
    expect(first[2]!.resetMs).toBeLessThanOrEqual(first[0]!.resetMs);
    const end = Date.now() + first[2]!.resetMs;
    // Another key has its own count.
    expect((await store.hit({ key: 'answers:a:192.0.2.1', windowMs })).hits).toBe(1);

    await sleep(Math.max(0, end - Date.now()) + 10);
    const next = await store.hit({ key: 'answers:l:l_1', windowMs });
    expect(next.hits).toBe(1);
    expect(next.resetMs).toBeGreaterThan(0);
    expect(next.resetMs).toBeLessThanOrEqual(windowMs);
    expect((await store.hit({ key: 'answers:l:l_1', windowMs })).hits).toBe(2);
    // A key quiet for several windows starts again from 1 too.
    await sleep(3 * windowMs);
    expect((await store.hit({ key: 'answers:a:192.0.2.1', windowMs })).hits).toBe(1);
  });

  it('keeps the count across a reopen and in every store on the same database, without losing a hit', async () => {
    const factory = await make();
    const windowMs = 60_000;
    await roomInWindow(windowMs, 10_000);
    const one = await open(factory);
    await one.hit({ key: 'requests:a:198.51.100.1', windowMs });
    await one.close();
    const [a, b] = [await open(factory), await open(factory)];
    // Hits at once from two stores (two pools on PostgreSQL): each gets a count of its own.
    const counts = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).hit({ key: 'requests:a:198.51.100.1', windowMs })));
    expect(counts.map((r) => r.hits).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
  });
});
