// Lab managers sharing one store, on a fake runtime (no engine): what one server does to a lab,
// the others see and respect. Each test is a fault found in review of the first version.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LabCluster } from '../../server/lab/cluster.js';
import { reapRows } from '../../server/lab/guards.js';
import { missingEngine } from '../../server/lab/shared.js';
import { dockerRuntime } from '../../server/lab/docker-runtime.js';
import type { LabManager } from '../../server/lab/manager.js';
import { openStore, type Store } from '../../server/store/index.js';
import type { LabRow } from '../../server/store/types.js';
import { fakeBlueprint, fakeEngine, fakeLabManager, FakeRuntime, holdExecs, until, type FakeEngine } from '../helpers/fake-runtime.js';

const LEARNER = 'l_0123456789abcdef';
const blueprint = fakeBlueprint('web-serve', ['web']);

describe('lab managers sharing a store', () => {
  const closers: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close().catch(() => {});
  });
  const store = async (): Promise<Store> => {
    const s = await openStore({ dataDir: mkdtempSync(path.join(tmpdir(), 'opslab-shared-')) });
    closers.push(() => s.close());
    return s;
  };
  const server = (props: { store: Store; name: string; runtime: FakeRuntime; engine?: FakeEngine; pool?: string }): LabManager => {
    const { labs } = fakeLabManager({ runtime: props.runtime, engine: props.engine, blueprints: [blueprint, fakeBlueprint('web-two', ['web'])], options: { shared: { store: props.store, server: props.name, url: `http://${props.name}`, heartbeatMs: 50 }, pool: props.pool ?? '10.200.0.0/22' } });
    closers.push(() => labs.close());
    return labs;
  };

  it('stops a build whose lab another server destroyed, and leaves nothing of it on the engine', async () => {
    const shared = await store();
    const runtime = new FakeRuntime();
    const a = server({ store: shared, name: 'a', runtime });
    const b = server({ store: shared, name: 'b', runtime });
    const held = holdExecs(runtime);
    const lab = await a.start({ learner: LEARNER, blueprint });
    await until(() => runtime.execs.length > 0, 'the build reaching its scripts');
    await b.destroy(lab.id);
    held.open();
    await until(() => lab.state === 'gone', 'the build stopping');
    expect(runtime.left(lab.id)).toBe(0);
    expect(await shared.getLab(lab.id)).toBeUndefined();
  });

  it('fails the labs of an engine only when the server that saw it die holds the reconcile lease', async () => {
    const shared = await store();
    const runtime = new FakeRuntime();
    const engines = { a: fakeEngine(), b: fakeEngine() }; // one engine ("local"), as each server sees it
    const a = server({ store: shared, name: 'a', runtime, engine: engines.a });
    const b = server({ store: shared, name: 'b', runtime, engine: engines.b });
    await a.joinCluster();
    await b.joinCluster();
    const lab = await a.ready((await a.start({ learner: LEARNER, blueprint })).id);
    const [holder, other] = a.holds('reconcile') ? (['a', 'b'] as const) : (['b', 'a'] as const);
    await { a, b }[other].find(lab.id); // it has the lab in view (and listens for its engine's death)
    // The other server cannot reach the engine: it places nothing there, and fails nobody's lab.
    engines[other].die('a cable between that server and the engine');
    await new Promise((r) => setTimeout(r, 100));
    expect((await shared.getLab(lab.id))?.state).toBe('ready');
    engines[holder].die('it stopped');
    for (let i = 0; i < 200 && (await shared.getLab(lab.id))?.state !== 'failed'; i++) await new Promise((r) => setTimeout(r, 10));
    const row = await shared.getLab(lab.id);
    expect([row?.state, row?.detail.error?.code]).toEqual(['failed', 'ENGINE_DOWN']);
  });

  it('skips subnets other servers use without holding them: freed there, they are free here', async () => {
    const shared = await store();
    const runtime = new FakeRuntime();
    // A pool of two /24s; another server's network holds the first.
    const a = server({ store: shared, name: 'a', runtime, pool: '10.201.0.0/23' });
    runtime.networks.set('foreign', { name: 'other-server', subnet: '10.201.0.0/24', gateway: '10.201.0.1', labels: {} });
    const first = await a.ready((await a.start({ learner: LEARNER, blueprint })).id);
    expect(Object.values(first.subnets)).toEqual(['10.201.1.0/24']);
    runtime.networks.delete('foreign'); // that server destroyed its lab
    const second = await a.ready((await a.start({ learner: 'l_fedcba9876543210', blueprint })).id);
    expect(Object.values(second.subnets)).toEqual(['10.201.0.0/24']);
  });

  it('lists a lab on an engine this server does not know, and lets its owner destroy it', async () => {
    expect(() => dockerRuntime(missingEngine('gone'))).not.toThrow();
    await expect(dockerRuntime(missingEngine('gone')).listManaged({ instance: 'x' })).rejects.toThrow();
    const shared = await store();
    const runtime = new FakeRuntime();
    const a = server({ store: shared, name: 'a', runtime });
    const lab = await a.ready((await a.start({ learner: LEARNER, blueprint })).id);
    const row = (await shared.getLab(lab.id))!;
    await shared.updateLab({ ...row, engineId: 'elsewhere' });
    const b = server({ store: shared, name: 'b', runtime });
    expect((await b.listOf({ learner: LEARNER })).map((l) => l.id)).toEqual([lab.id]);
    await b.destroy(lab.id);
    expect(await shared.getLab(lab.id)).toBeUndefined();
  });

  it('reaps a lab only if it is still idle when read again (a touch or reset after the list keeps it)', async () => {
    const old = new Date(Date.now() - 3_600_000).toISOString();
    const stale: LabRow = { id: 'lab-x', learner: LEARNER, exercise: 'web-serve', engine: 'local', engineId: 'local', state: 'ready', memoryMiB: 1, detail: { hosts: [], subnets: {}, networkIds: [], env: {}, values: {} }, createdAt: old, lastActive: old, version: 3 };
    const destroyed: string[] = [];
    const run = (now: LabRow | undefined) => reapRows({ store: { listLabs: async () => [stale], getLab: async () => now }, idleMs: 60_000, skip: () => false, lastActive: () => undefined, destroy: async (id) => void destroyed.push(id), log: () => {}, poolLearner: '~warm' });
    await run({ ...stale, lastActive: new Date().toISOString() }); // touched since
    await run({ ...stale, version: 4, state: 'starting' }); // reset since
    await run(undefined); // destroyed since
    expect(destroyed).toEqual([]);
    await run(stale);
    expect(destroyed).toEqual(['lab-x']);
  });

  it('drops its leases when its heartbeat fails, so two servers never both hold one', async () => {
    const shared = await store();
    let down = false;
    const flaky = new Proxy(shared, { get: (t, k) => (k === 'heartbeat' ? async (...args: unknown[]) => (down ? Promise.reject(new Error('the database went away')) : t.heartbeat(...(args as [never]))) : Reflect.get(t, k, t)) });
    const cluster = new LabCluster({ store: flaky, server: 'a', url: 'http://a', leases: ['reaper'], heartbeatMs: 20 });
    closers.push(() => cluster.leave());
    await cluster.join({ onLabChange: () => {} });
    expect(cluster.holds('reaper')).toBe(true);
    down = true;
    await until(() => !cluster.holds('reaper'), 'the lease dropped', 2000);
  });

  it('places a lab by the loads at its admission: what another server placed meanwhile counts', async () => {
    const shared = await store();
    // Loads read outside the admission are stale (another server's labs are not in them yet).
    const stale = new Proxy(shared, { get: (t, k) => (k === 'engineLoads' ? async () => ({}) : Reflect.get(t, k, t)) });
    const runtime = new FakeRuntime();
    const e1 = { ...fakeEngine(), id: 'e1', capacity: { labs: 1 } };
    const e2 = { ...fakeEngine(), id: 'e2', capacity: { labs: 1 } };
    const { labs } = fakeLabManager({ runtime, blueprints: [blueprint], options: { engines: { pick: async () => e1, candidates: async () => [e1, e2], all: () => [e1, e2], byId: (id) => [e1, e2].find((e) => e.id === id) }, shared: { store: stale, server: 'a', url: 'http://a' } } });
    closers.push(() => labs.close());
    const first = await labs.ready((await labs.start({ learner: LEARNER, blueprint })).id);
    const second = await labs.ready((await labs.start({ learner: 'l_fedcba9876543210', blueprint })).id);
    expect([first.engine.id, second.engine.id]).toEqual(['e1', 'e2']);
    await expect(labs.start({ learner: 'l_00000000000000aa', blueprint })).rejects.toMatchObject({ code: 'CAPACITY' });
  });

  it('adopts the labs a server of the older version left (rows without hosts), and drops rows of starts it never finished', async () => {
    const shared = await store();
    const runtime = new FakeRuntime();
    // The older server: labs in its memory, and a row written once at start.
    const { labs: older } = fakeLabManager({ runtime, blueprints: [blueprint] });
    const lab = await older.ready((await older.start({ learner: LEARNER, blueprint })).id);
    await older.close();
    const at = new Date().toISOString();
    await shared.saveLab({ id: lab.id, learner: LEARNER, exercise: 'web-serve', engine: 'local', state: 'starting', createdAt: at });
    await shared.saveLab({ id: 'lab-never-built', learner: LEARNER, exercise: 'web-serve', engine: 'local', state: 'starting', createdAt: at });
    const a = server({ store: shared, name: 'a', runtime });
    const { adopted, removed } = await a.reconcile();
    expect([adopted, removed]).toEqual([[lab.id], ['lab-never-built']]);
    const row = (await shared.getLab(lab.id))!;
    expect([row.state, row.server, row.detail.hosts.map((h) => h.name)]).toEqual(['ready', 'a', ['web']]);
    expect(runtime.left(lab.id)).toBe(2); // its host and its network, kept
  });

  it("hands over a warm lab mid-build without its build giving it up (the claim moves the row's version under the build's write)", async () => {
    const shared = await store();
    let hold: (() => void) | undefined;
    let held = false;
    let holdNext = false;
    const slow = new Proxy(shared, {
      get: (t, k) =>
        k === 'updateLab'
          ? async (...args: Parameters<Store['updateLab']>) => {
              if (holdNext) {
                holdNext = false;
                held = true;
                await new Promise<void>((r) => (hold = r));
              }
              return t.updateLab(...args);
            }
          : Reflect.get(t, k, t),
    });
    const runtime = new FakeRuntime();
    const { labs } = fakeLabManager({ runtime, blueprints: [blueprint], options: { exercises: () => ['web-serve'], shared: { store: slow, server: 'a', url: 'http://a', heartbeatMs: 50 } } });
    closers.push(() => labs.close({ destroyAll: true }));
    await labs.joinCluster();
    const execs = holdExecs(runtime);
    labs.startWarmLabs({ vm: 0, local: 1, exercises: {}, memoryMiB: 4096 });
    await until(() => runtime.execs.length > 0, 'the warm build reaching its scripts');
    holdNext = true; // the build's next write of its row waits, with the version it read
    execs.open();
    await until(() => held, "the build's write waiting");
    const lab = await labs.start({ learner: LEARNER, blueprint });
    expect(lab.warm).toBe(true);
    hold!();
    await labs.ready(lab.id);
    const row = await shared.getLab(lab.id);
    expect([row?.state, row?.learner]).toEqual(['ready', LEARNER]);
  });

  it('spreads a burst of starts on two servers over two engines (placement inside the admission)', async () => {
    const shared = await store();
    const runtime = new FakeRuntime();
    const e1 = { ...fakeEngine(), id: 'e1' };
    const e2 = { ...fakeEngine(), id: 'e2' };
    const engines = { pick: async () => e1, candidates: async () => [e1, e2], all: () => [e1, e2], byId: (id: string) => [e1, e2].find((e) => e.id === id) };
    const make = (name: string) => {
      const { labs } = fakeLabManager({ runtime, blueprints: [blueprint], options: { engines, shared: { store: shared, server: name, url: `http://${name}` } } });
      closers.push(() => labs.close());
      return labs;
    };
    const [a, b] = [make('a'), make('b')];
    const learners = Array.from({ length: 8 }, (_, i) => `l_00000000000000${String(i).padStart(2, '0')}`);
    const labs = await Promise.all(learners.map((learner, i) => (i % 2 ? a : b).start({ learner, blueprint })));
    const on = (id: string) => labs.filter((l) => l.engine.id === id).length;
    expect([on('e1'), on('e2')]).toEqual([4, 4]);
  });

  it('builds a burst of labs from two servers on one engine: subnets taken by the other server are skipped, never fought over to the end', async () => {
    const shared = await store();
    // Docker takes a while to make a network: the other server looks at the engine meanwhile.
    const runtime = new (class extends FakeRuntime {
      override async createNetwork(spec: Parameters<FakeRuntime['createNetwork']>[0]) {
        await new Promise((r) => setTimeout(r, 5));
        return super.createNetwork(spec);
      }
      override async subnetsInUse() {
        await new Promise((r) => setTimeout(r, 2));
        return super.subnetsInUse();
      }
    })();
    const engine = fakeEngine();
    const a = server({ store: shared, name: 'a', runtime, engine, pool: '10.202.0.0/18' });
    const b = server({ store: shared, name: 'b', runtime, engine, pool: '10.202.0.0/18' });
    const learners = Array.from({ length: 40 }, (_, i) => `l_00000000000001${String(i).padStart(2, '0')}`);
    const started = await Promise.all(learners.map((learner, i) => (i % 2 ? a : b).start({ learner, blueprint })));
    const ready = await Promise.allSettled(started.map((l, i) => (i % 2 ? a : b).ready(l.id)));
    expect(ready.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    const subnets = started.flatMap((l) => Object.values(l.subnets));
    expect(new Set(subnets).size).toBe(40);
  });
});
