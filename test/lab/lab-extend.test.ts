// More time for a lab, and when to come back to a full platform, on the lab manager over a FAKE
// runtime (test/helpers/fake-runtime.ts; the HTTP side on the real engine is test/http/lab-extend).
// An extension must really keep the idle reaper off the lab (this server's reaper and, with a
// shared store, the reaper of whichever server holds its lease), and a CAPACITY refusal must say
// which cap, how many labs hold it and about when one frees its place.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CapacityDetails } from '../../shared/api.js';
import { isOpslabError } from '../../server/errors.js';
import { MAX_RETRY_S, MIN_RETRY_S, retryAfterS, UNKNOWN_RETRY_S } from '../../server/lab/capacity-wait.js';
import { reapRows } from '../../server/lab/guards.js';
import { openStore } from '../../server/store/index.js';
import { fakeBlueprint, fakeEngine, fakeLabManager, FakeRuntime, until } from '../helpers/fake-runtime.js';

const web = fakeBlueprint('web-serve');
const dns = fakeBlueprint('dns-zone', ['ns']);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function refusal(p: Promise<unknown>): Promise<{ message: string; details: CapacityDetails }> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!isOpslabError(e, 'CAPACITY')) throw new Error(`expected CAPACITY, got ${String(e)}`);
  return { message: e.message, details: e.details as CapacityDetails };
}

describe('extending a lab', () => {
  const closers: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close().catch(() => {});
  });

  it("keeps this server's idle reaper off the lab for another idle limit, and no longer", async () => {
    const { labs } = fakeLabManager({ blueprints: [web], options: { idleMs: 400 } });
    closers.push(() => labs.close());
    const lab = await labs.ready((await labs.start({ learner: 'kim', blueprint: web })).id);
    const other = await labs.ready((await labs.start({ learner: 'lou', blueprint: web })).id);
    lab.lastActive = new Date(0); // idle for ages: the next round would reap it ...
    other.lastActive = new Date(0); // ... as it does this one, which nobody extends
    const extended = await labs.extend(lab.id);
    expect(extended).toBe(lab);
    expect(Date.now() - lab.lastActive.getTime()).toBeLessThan(100);
    labs.startReaper(10);
    await until(() => other.state === 'gone', 'the unextended lab reaped');
    await sleep(150);
    expect(lab.state).toBe('ready');
    await until(() => lab.state === 'gone', 'the extended lab reaped once its new idle limit passed', 3000);
  });

  it('is written to a shared store at once, so the reaper of another server respects it', async () => {
    const store = await openStore({ dataDir: mkdtempSync(path.join(tmpdir(), 'opslab-extend-')) });
    closers.push(() => store.close());
    const runtime = new FakeRuntime();
    const server = (name: string) => {
      const { labs } = fakeLabManager({ runtime, blueprints: [web], options: { idleMs: 200, shared: { store, server: name, url: `http://${name}`, heartbeatMs: 50 }, pool: '10.200.0.0/22' } });
      closers.push(() => labs.close());
      return labs;
    };
    const a = server('a');
    const b = server('b');
    const lab = await a.ready((await a.start({ learner: 'l_0123456789abcdef', blueprint: web })).id);
    await sleep(300); // idle past the limit
    const destroyed: string[] = [];
    // The reaper's server knows nothing of the lab but its row (lastActive: () => undefined).
    const reap = () => reapRows({ store, idleMs: 200, skip: () => false, lastActive: () => undefined, destroy: async (id) => void destroyed.push(id), log: () => {}, poolLearner: '~warm' });
    const before = Date.now();
    await b.extend(lab.id); // on the other server: its only way to the reaper is the store
    expect(Date.parse((await store.getLab(lab.id))!.lastActive)).toBeGreaterThanOrEqual(before - 5);
    await reap();
    expect(destroyed).toEqual([]);
    await sleep(300);
    await reap();
    expect(destroyed).toEqual([lab.id]);
  });

  it('refuses a lab nobody has with LAB_NOT_FOUND', async () => {
    const { labs } = fakeLabManager({ blueprints: [web] });
    closers.push(() => labs.close());
    await expect(labs.extend('lab-0123456789')).rejects.toMatchObject({ code: 'LAB_NOT_FOUND' });
  });

  it("refuses another learner's lab as if there were none, and leaves it untouched", async () => {
    const { labs } = fakeLabManager({ blueprints: [web] });
    closers.push(() => labs.close());
    const lab = await labs.ready((await labs.start({ learner: 'kim', blueprint: web })).id);
    lab.lastActive = new Date(0);
    await expect(labs.extend(lab.id, 'lou')).rejects.toMatchObject({ code: 'LAB_NOT_FOUND' });
    expect(lab.lastActive.getTime()).toBe(0);
    expect(await labs.extend(lab.id, 'kim')).toBe(lab);
  });
});

describe('a full platform says when to try again', () => {
  it('platform-wide: how many labs run, and about when the idlest is stopped', async () => {
    const { labs } = fakeLabManager({ blueprints: [web, dns], options: { maxLabs: 2, idleMs: 10 * 60_000 } });
    await labs.ready((await labs.start({ learner: 'ann', blueprint: web })).id);
    const idlest = await labs.ready((await labs.start({ learner: 'ben', blueprint: web })).id);
    idlest.lastActive = new Date(Date.now() - 6 * 60_000); // 4 min of its 10 left, then one reaper round
    const { message, details } = await refusal(labs.start({ learner: 'cat', blueprint: web }));
    expect(details.cap).toBe('platform');
    expect(details.running).toBe(2);
    expect(details.retryAfter).toBeGreaterThanOrEqual(4 * 60 + 55);
    expect(details.retryAfter).toBeLessThanOrEqual(5 * 60 + 1);
    expect(message).toMatch(/The platform is full: 2 labs are running.*Try again in about 5 minutes/);
    await labs.close({ destroyAll: true });
  });

  it("a learner at their own cap is told about their own labs, not everyone's", async () => {
    const { labs } = fakeLabManager({ blueprints: [web, dns], options: { maxLabsPerLearner: 1, idleMs: 30 * 60_000 } });
    const other = await labs.ready((await labs.start({ learner: 'dot', blueprint: web })).id);
    other.lastActive = new Date(Date.now() - 29 * 60_000); // someone else's, about to go: says nothing to eve
    await labs.ready((await labs.start({ learner: 'eve', blueprint: web })).id);
    const { message, details } = await refusal(labs.start({ learner: 'eve', blueprint: dns }));
    expect(details).toMatchObject({ cap: 'learner', running: 1 });
    expect(details.retryAfter).toBeGreaterThan(30 * 60);
    expect(message).toMatch(/You have 1 labs running/);
    await labs.close({ destroyAll: true });
  });

  it("an engine at its cap is told about that engine's labs, not the other engines'", async () => {
    // The vm engine holds one lab (LVS); the local engine's labs free nothing there.
    const vm = fakeEngine({ kind: 'vm', labBudget: { maxLabs: 1, hostMemoryBytes: () => 256 * 1024 * 1024 } });
    const local = fakeEngine();
    const lvs = { ...fakeBlueprint('lvs-dr', ['director']), requires: ['ipvs' as const] };
    const lvs2 = { ...fakeBlueprint('lvs-nat', ['director']), requires: ['ipvs' as const] };
    const { labs } = fakeLabManager({
      blueprints: [web, lvs, lvs2],
      options: { idleMs: 10 * 60_000, engines: { pick: async (requires) => (requires.length ? vm : local), all: () => [local, vm] } },
    });
    const onVm = await labs.ready((await labs.start({ learner: 'ann', blueprint: lvs })).id);
    const onLocal = await labs.ready((await labs.start({ learner: 'ben', blueprint: web })).id);
    expect([onVm.engine, onLocal.engine]).toEqual([vm, local]);
    onLocal.lastActive = new Date(Date.now() - 9 * 60_000); // the local lab goes in about 2 minutes ...
    const { details } = await refusal(labs.start({ learner: 'cat', blueprint: lvs2 }));
    expect(details).toMatchObject({ cap: 'engine', running: 1 });
    // ... but only the vm lab, active now, frees the vm's place: in about 11 minutes.
    expect(details.retryAfter).toBeGreaterThanOrEqual(10 * 60 + 55);
    expect(details.retryAfter).toBeLessThanOrEqual(11 * 60 + 1);
    await labs.close({ destroyAll: true });
  });

  it('platform-wide with a shared store and a warm lab ready: the count is the labs running, not 0', async () => {
    const store = await openStore({ dataDir: mkdtempSync(path.join(tmpdir(), 'opslab-full-warm-')) });
    const { labs } = fakeLabManager({ blueprints: [web, dns], options: { maxLabs: 1, exercises: () => ['web-serve'], shared: { store, server: 'a', url: 'http://a', heartbeatMs: 50 } } });
    try {
      await labs.joinCluster();
      await labs.ready((await labs.start({ learner: 'l_000000000000000a', blueprint: dns })).id);
      labs.startWarmLabs({ vm: 0, local: 1, exercises: {}, memoryMiB: 4096 });
      await until(() => (labs.warmLabs().exercises['web-serve']?.ready ?? 0) > 0, 'a warm lab ready');
      // The warm lab is taken, its claim refused (the platform holds one learner's lab, its cap).
      const { message, details } = await refusal(labs.start({ learner: 'l_000000000000000b', blueprint: web }));
      expect(details).toMatchObject({ cap: 'platform', running: 1 });
      expect(message).toMatch(/The platform is full: 1 lab is running/);
    } finally {
      await labs.close({ destroyAll: true });
      await store.close();
    }
  });

  it('bounds the estimate, and says a minute when no lab is known', () => {
    const now = Date.now();
    expect(retryAfterS({ holders: [], idleMs: 60_000, now })).toBe(UNKNOWN_RETRY_S);
    expect(retryAfterS({ holders: [{ learner: 'a', lastActive: new Date(now - 3_600_000) }], idleMs: 60_000, now })).toBe(MIN_RETRY_S);
    expect(retryAfterS({ holders: [{ learner: 'a', lastActive: new Date(now) }], idleMs: 24 * 3_600_000, now })).toBe(MAX_RETRY_S);
    const soonest = retryAfterS({ holders: [{ learner: 'a', lastActive: new Date(now).toISOString() }, { learner: 'b', lastActive: new Date(now - 120_000) }], idleMs: 600_000, now });
    expect(soonest).toBe(480 + 60);
  });
});
