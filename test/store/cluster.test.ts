// The store as the cluster's truth (store/cluster.ts), on SQLite and on PostgreSQL: caps in one
// transaction, compare-and-set on a lab's version, leases one holder at a time, warm claims under
// the same rules as new labs.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../server/store/index.js';
import type { AdmissionLimits, LabRow } from '../../server/store/types.js';
import { freshPostgres } from '../helpers/postgres.js';

const WARM = '~warm';
const limits: AdmissionLimits = { maxLabs: 10, maxLabsPerLearner: 1, maxLabsPerAddress: 10, engineLabs: 3 };
let n = 0;
const row = (p: Partial<LabRow> = {}): LabRow => ({
  id: `lab-${process.pid}-${++n}`, learner: 'l_1', exercise: 'web', engine: 'local', engineId: 'a', state: 'starting', memoryMiB: 512,
  detail: { hosts: [], subnets: {}, networkIds: [], env: {}, values: {} }, createdAt: new Date().toISOString(), lastActive: new Date().toISOString(), version: 0, ...p,
});

// SQLite is one server's store: "two stores" are its one connection (two connections in one
// process would wait on each other's write lock with the event loop blocked).
const kinds: [string, () => Promise<() => Promise<Store>>][] = [
  ['sqlite', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'opslab-cluster-'));
    const one = openStore({ dataDir });
    return () => one;
  }],
  ['postgres', async () => {
    const url = await freshPostgres();
    return () => openStore({ dataDir: '/nonexistent', url });
  }],
];

describe.each(kinds)('the %s store shared by servers', (_kind, make) => {
  const opened: Store[] = [];
  afterAll(async () => {
    for (const s of opened) await s.close().catch(() => {});
  });
  const two = async (): Promise<[Store, Store]> => {
    const open = await make();
    const a = await open();
    const b = await open();
    opened.push(a);
    if (b !== a) opened.push(b);
    return [a, b];
  };

  it('admits one of two starts of one learner made at once on two stores, and returns the live lab of the same exercise', async () => {
    const [a, b] = await two();
    const results = await Promise.all([a.admitLab({ row: row({ exercise: 'x' }), limits, poolLearner: WARM }), b.admitLab({ row: row({ exercise: 'y' }), limits, poolLearner: WARM })]);
    expect(results.filter((r) => r.admitted)).toHaveLength(1);
    const again = await b.admitLab({ row: row({ exercise: results[0]!.admitted ? 'x' : 'y' }), limits, poolLearner: WARM });
    expect(again.admitted).toBe(false);
    expect('existing' in again).toBe(true);
    expect((await a.listLabs({ learner: 'l_1' })).length).toBe(1);
  });

  it("refuses an engine's fourth lab (warm ones count) and tells why", async () => {
    const [a] = await two();
    for (let i = 0; i < 3; i++) expect((await a.admitLab({ row: row({ learner: i === 0 ? WARM : `l_e${i}` }), limits, poolLearner: WARM })).admitted).toBe(true);
    const fourth = await a.admitLab({ row: row({ learner: 'l_e9' }), limits, poolLearner: WARM });
    expect(fourth).toEqual({ admitted: false, refused: 'engine-labs', count: 3 });
    expect((await a.engineLoads()).a).toEqual({ labs: 3, warm: 1, memoryMiB: 1536 });
  });

  it('writes a lab only over the version it read: of two writers that read the same version, one wins', async () => {
    const [a, b] = await two();
    const r = row({ learner: 'l_cas' });
    await a.admitLab({ row: r, limits, poolLearner: WARM });
    const wins = await Promise.all([a.updateLab({ ...r, state: 'ready' }), b.updateLab({ ...r, state: 'failed' })]);
    expect(wins.filter((v) => v !== undefined)).toEqual([1]);
    expect(await a.updateLab({ ...r, state: 'ready' })).toBeUndefined(); // stale
    // A write never moves the last activity back.
    await a.touchLab(r.id, '2999-01-01T00:00:00.000Z');
    const now = (await a.getLab(r.id))!;
    await a.updateLab({ ...now, lastActive: '2000-01-01T00:00:00.000Z' });
    expect((await b.getLab(r.id))!.lastActive).toBe('2999-01-01T00:00:00.000Z');
    expect(await b.removeLab(r.id)).toBe(true);
    expect(await a.updateLab({ ...now }, { force: true })).toBeUndefined(); // gone stays gone
  });

  it('lets one of two servers claim a name at once, and a later one only over the silent row it saw', async () => {
    const [a, b] = await two();
    const id = `web-${process.pid}-${++n}`;
    const won = await Promise.all([
      a.claimServer({ id, url: 'http://a', startedAt: '2026-01-01T00:00:00.001Z' }),
      b.claimServer({ id, url: 'http://b', startedAt: '2026-01-01T00:00:00.002Z' }),
    ]);
    expect(won.filter(Boolean)).toHaveLength(1);
    const row = (await a.servers()).find((s) => s.id === id)!;
    // A later life that saw that row fall silent takes it; one that saw no row, or another, does not.
    expect(await b.claimServer({ id, url: 'http://c', startedAt: '2026-01-01T00:00:09.000Z' })).toBe(false);
    expect(await b.claimServer({ id, url: 'http://c', startedAt: '2026-01-01T00:00:09.000Z', replacing: 'other' })).toBe(false);
    expect(await b.claimServer({ id, url: 'http://c', startedAt: '2026-01-01T00:00:09.000Z', replacing: row.startedAt })).toBe(true);
    expect((await a.servers()).find((s) => s.id === id)?.url).toBe('http://c');
  });

  it('gives a lease to one holder at a time, renews it for the holder, and frees it when released', async () => {
    const [a, b] = await two();
    const got = await Promise.all([a.lease({ name: 'reaper', holder: 'a', ttlMs: 60_000 }), b.lease({ name: 'reaper', holder: 'b', ttlMs: 60_000 })]);
    expect(got.filter(Boolean)).toHaveLength(1);
    const holder = got[0] ? 'a' : 'b';
    expect(await a.lease({ name: 'reaper', holder, ttlMs: 60_000 })).toBe(true);
    await b.releaseLease({ name: 'reaper', holder });
    expect(await b.lease({ name: 'reaper', holder: holder === 'a' ? 'b' : 'a', ttlMs: 60_000 })).toBe(true);
  });

  it('hands a warm lab to a learner once, and not to one who already has that exercise', async () => {
    const [a, b] = await two();
    const w1 = row({ learner: WARM, exercise: 'web' });
    const w2 = row({ learner: WARM, exercise: 'web' });
    for (const w of [w1, w2]) await a.admitLab({ row: w, limits, poolLearner: WARM });
    const both = await Promise.all([a.claimWarmLab({ id: w1.id, learner: 'l_w', limits, poolLearner: WARM }), b.claimWarmLab({ id: w1.id, learner: 'l_x', limits, poolLearner: WARM })]);
    expect(both.filter((r) => r !== undefined && !('refused' in r))).toHaveLength(1);
    const winner = both.find((r) => r !== undefined && !('refused' in r)) as LabRow;
    expect(await a.claimWarmLab({ id: w2.id, learner: winner.learner, limits: { ...limits, maxLabsPerLearner: 5 }, poolLearner: WARM })).toEqual({ refused: 'starting', count: 1 });
  });

  it('gives a terminal one holder however many servers claim it at once, and hands it over only from a holder that is gone', async () => {
    const [a, b] = await two();
    const who = { lab: `lab-t-${process.pid}`, host: 'web', learner: 'l_t' };
    const alive = () => true;
    const claims = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).claimTerminal({ ...who, server: `s${i}`, alive })));
    expect(new Set(claims).size).toBe(1);
    const holder = claims[0]!;
    expect(await a.claimTerminal({ ...who, server: 'late', alive: (s) => s !== holder })).toBe('late');
    expect(await b.claimTerminal({ ...who, server: 'later', alive })).toBe('late');
    expect(await b.removeLab(who.lab)).toBe(false); // no such lab row; its terminals go all the same
    expect(await a.claimTerminal({ ...who, server: 'fresh', alive })).toBe('fresh');
  });
});
