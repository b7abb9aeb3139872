// Two servers under one OPSLAB_SERVER_ID (a copied env file, two containers given one hostname and
// port). The second used to join as if it were the first: both held every lease (two reapers, two
// warm-pool builders), its join dropped the first's terminal rows, and either one's clean leave
// removed the other's heartbeat. Now a server refuses to join under a name another live server
// beats under; a name whose last heartbeat was its own earlier life (a crash, a quick restart)
// is taken once that earlier life stays silent for two heartbeats.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LabCluster } from '../../server/lab/cluster.js';
import { openStore, type Store } from '../../server/store/index.js';

describe('server names in a cluster', () => {
  const closers: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close().catch(() => {});
  });
  const store = async (): Promise<Store> => {
    const s = await openStore({ dataDir: mkdtempSync(path.join(tmpdir(), 'opslab-names-')) });
    closers.push(() => s.close());
    return s;
  };
  const cluster = (s: Store, server: string, url: string) => {
    const c = new LabCluster({ store: s, server, url, leases: ['reaper'], heartbeatMs: 50 });
    closers.push(() => c.leave());
    return c;
  };
  const join = (c: LabCluster) => c.join({ onLabChange: () => {} });

  it('refuses to join under the name of a live server, which keeps its leases and its row', async () => {
    const s = await store();
    const first = cluster(s, 'web-1', 'http://10.0.0.1:8080');
    await join(first);
    expect(first.holds('reaper')).toBe(true);
    await s.claimTerminal({ lab: 'lab-1', host: 'web', learner: 'l_0123456789abcdef', server: 'web-1', alive: () => true });
    const second = cluster(s, 'web-1', 'http://10.0.0.2:8080');
    await expect(join(second)).rejects.toThrow(/OPSLAB_SERVER_ID web-1 is in use by a server that is running \(reached at http:\/\/10\.0\.0\.1:8080/);
    expect(second.holds('reaper')).toBe(false);
    expect((await s.servers()).map((r) => [r.id, r.url])).toEqual([['web-1', 'http://10.0.0.1:8080']]);
    // The first server's terminal is still its own.
    expect(await s.claimTerminal({ lab: 'lab-1', host: 'web', learner: 'l_0123456789abcdef', server: 'web-2', alive: () => true })).toBe('web-1');
  });

  it('takes a name whose server stopped beating (its crash a moment ago), and a name left cleanly at once', async () => {
    const s = await store();
    // The earlier life of web-1 beat once, a moment ago, and died.
    await s.heartbeat({ id: 'web-1', url: 'http://10.0.0.1:8080', startedAt: new Date().toISOString() });
    const again = cluster(s, 'web-1', 'http://10.0.0.1:8080');
    await join(again);
    expect(again.holds('reaper')).toBe(true);
    const other = cluster(s, 'web-2', 'http://10.0.0.2:8080');
    await join(other);
    await other.leave();
    const t0 = performance.now();
    await join(cluster(s, 'web-2', 'http://10.0.0.3:8080'));
    expect(performance.now() - t0).toBeLessThan(100);
  });

  it('lets only one of two servers started at once under one name join (a copied env file, both up together)', async () => {
    const s = await store();
    const a = cluster(s, 'web-1', 'http://10.0.0.1:8080');
    const b = cluster(s, 'web-1', 'http://10.0.0.2:8080');
    const joined = await Promise.allSettled([join(a), join(b)]);
    expect(joined.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = joined.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(String(refused.reason)).toMatch(/OPSLAB_SERVER_ID web-1 is in use/);
    expect([a, b].filter((c) => c.holds('reaper'))).toHaveLength(1);
  });
});
