// The lab manager's state machine on a FAKE runtime (test/helpers/fake-runtime.ts): no Docker, each
// test a few milliseconds. What the manager decides (starting → ready or failed, caps, failures,
// reaping, the disk guard, destroy, who sees which lab, adoption) is tested here; what Docker does
// with a lab is tested against the real engine in the other files of test/lab.
import { describe, expect, it } from 'vitest';
import { isOpslabError } from '../../server/errors.js';
import type { HostDiskUse } from '../../server/lab/disk.js';
import type { Lab } from '../../server/lab/types.js';
import { type ExecCall, fakeBlueprint, fakeEngine, fakeLabManager, FakeRuntime, holdExecs, until } from '../helpers/fake-runtime.js';

const web = fakeBlueprint('web-serve');
const dns = fakeBlueprint('dns-zone', ['ns']);
const ftp = fakeBlueprint('ftp-passive', ['ftp']);
const blueprints = [web, dns, ftp];


const codeOf = (e: unknown) => (isOpslabError(e) ? e.code : String(e));

describe('the lab manager (on a fake runtime)', () => {
  it('starts a lab in the background: starting, then ready with hosts, addresses and the ready mark', async () => {
    const { labs, runtime } = fakeLabManager({ blueprints });
    const started = await labs.start({ learner: 'alice', blueprint: web });
    expect(started.state).toBe('starting');
    const lab = await labs.ready(started.id);
    expect(lab.state).toBe('ready');
    expect(lab.hosts.map((h) => h.name)).toEqual(['web', 'client']);
    expect(lab.env.WEB_IP).toBe('10.200.0.10');
    expect(lab.subnets).toEqual({ lan: '10.200.0.0/24' });
    const host = [...runtime.hosts.values()][0]!.spec;
    expect(host.labels).toMatchObject({ 'opslab.managed': 'fake', 'opslab.lab': lab.id, 'opslab.learner': 'alice', 'opslab.exercise': 'web-serve', 'opslab.host': 'web' });
    expect(host.limits?.fileBytes).toBe(1024 * 1024); // one file is capped at the lab's disk quota
    // Prepared (no default route), then set up and marked ready in one exec, the mark only after the script succeeded.
    const scripts = runtime.execs.filter((e) => e.host.name === 'web').map((e) => e.script);
    expect(scripts).toHaveLength(2);
    expect(scripts[0]).toContain('ip route del default');
    expect(scripts[0]).not.toContain('.opslab-ready');
    expect(scripts[1]!.indexOf('echo set up web')).toBeLessThan(scripts[1]!.indexOf(': > /run/.opslab-ready'));
    expect(runtime.execs.every((e) => e.env.OPSLAB_HOST === e.host.name)).toBe(true);
  });

  it("returns a learner's live lab of the same exercise instead of a second one, and refuses another exercise while one is starting", async () => {
    const { labs, runtime } = fakeLabManager({ blueprints });
    const held = holdExecs(runtime);
    const first = await labs.start({ learner: 'bob', blueprint: web });
    expect(await labs.start({ learner: 'bob', blueprint: web })).toBe(first);
    await expect(labs.start({ learner: 'bob', blueprint: dns })).rejects.toMatchObject({ code: 'LAB_ALREADY_STARTING' });
    held.open();
    await labs.ready(first.id);
    expect((await labs.ready((await labs.start({ learner: 'bob', blueprint: dns })).id)).state).toBe('ready');
  });

  it('admits two starts that arrive together as one: the same lab for one exercise, LAB_ALREADY_STARTING or CAPACITY for more', async () => {
    // Both starts are in flight at once (neither awaited before the other begins): the engine pick and
    // ping between the first look at the table and the lab being added must not let both through.
    const { labs } = fakeLabManager({ blueprints });
    const [a, b] = await Promise.all([labs.start({ learner: 'gus', blueprint: web }), labs.start({ learner: 'gus', blueprint: web })]);
    expect(b).toBe(a);
    const both = await Promise.allSettled([labs.start({ learner: 'hal', blueprint: web }), labs.start({ learner: 'hal', blueprint: dns })]);
    expect(both.map((r) => (r.status === 'fulfilled' ? 'started' : codeOf(r.reason)))).toEqual(['started', 'LAB_ALREADY_STARTING']);
    const full = fakeLabManager({ blueprints, options: { maxLabs: 1 } }).labs;
    const last = await Promise.allSettled([full.start({ learner: 'i1', blueprint: web }), full.start({ learner: 'i2', blueprint: web })]);
    expect(last.map((r) => (r.status === 'fulfilled' ? 'started' : codeOf(r.reason)))).toEqual(['started', 'CAPACITY']);
    expect(full.list({ all: true })).toHaveLength(1);
  });

  it('caps the live labs of a learner, of an address and in all; failed labs do not count', async () => {
    const perLearner = fakeLabManager({ blueprints, options: { maxLabsPerLearner: 2 } }).labs;
    for (const bp of [web, dns]) await perLearner.ready((await perLearner.start({ learner: 'carol', blueprint: bp })).id);
    await expect(perLearner.start({ learner: 'carol', blueprint: ftp })).rejects.toMatchObject({ code: 'CAPACITY', message: expect.stringContaining('You have 2 labs') });
    expect((await perLearner.start({ learner: 'dave', blueprint: ftp })).state).toBe('starting');

    const perAddress = fakeLabManager({ blueprints, options: { maxLabsPerAddress: 2 } });
    for (const learner of ['a1', 'a2']) await perAddress.labs.ready((await perAddress.labs.start({ learner, blueprint: web, address: '192.0.2.7' })).id);
    await expect(perAddress.labs.start({ learner: 'a3', blueprint: web, address: '192.0.2.7' })).rejects.toMatchObject({ code: 'CAPACITY', message: expect.stringContaining('network address') });
    expect((await perAddress.labs.start({ learner: 'a3', blueprint: web, address: '192.0.2.8' })).state).toBe('starting');

    const inAll = fakeLabManager({ blueprints, options: { maxLabs: 1 } });
    inAll.runtime.onExec = (call: ExecCall) => (call.script.includes('set up web') ? { exitCode: 3, stdout: '', output: 'broken', timedOut: false, durationMs: 0 } : undefined);
    await expect(inAll.labs.ready((await inAll.labs.start({ learner: 'e1', blueprint: web })).id)).rejects.toMatchObject({ code: 'LAB_SETUP_FAILED' });
    const second = await inAll.labs.start({ learner: 'e2', blueprint: dns }); // the failed lab holds no place
    await expect(inAll.labs.start({ learner: 'e3', blueprint: dns })).rejects.toMatchObject({ code: 'CAPACITY' });
    await inAll.labs.ready(second.id);
  });

  it('fills an engine whose labs share fixed memory no further than its budget', async () => {
    const engine = fakeEngine({ kind: 'vm', labBudget: { maxLabs: 1, hostMemoryBytes: (hosts) => (96 * 1024 * 1024) / hosts } });
    const { labs, runtime } = fakeLabManager({ blueprints, engine });
    const lab = await labs.ready((await labs.start({ learner: 'f1', blueprint: web })).id);
    expect([...runtime.hosts.values()][0]!.spec.limits?.memoryBytes).toBe(48 * 1024 * 1024); // the engine's share, under the 256 MiB default
    await expect(labs.start({ learner: 'f2', blueprint: web })).rejects.toMatchObject({ code: 'CAPACITY', message: expect.stringContaining('vm engine holds 1 labs') });
    await labs.destroy(lab.id);
    expect((await labs.start({ learner: 'f2', blueprint: web })).state).toBe('starting');
  });

  it('fails a lab whose setup fails with the script output, removes it from the engine and frees its subnet', async () => {
    const { labs, runtime } = fakeLabManager({ blueprints });
    runtime.onExec = (call) => (call.script.includes('set up client') ? { exitCode: 2, stdout: '', output: 'apt: no network\n', timedOut: false, durationMs: 0 } : undefined);
    const gone: string[] = [];
    labs.on('gone', (id) => gone.push(id));
    const lab = await labs.start({ learner: 'gina', blueprint: web });
    const err = await labs.ready(lab.id).catch((e: unknown) => e);
    expect(codeOf(err)).toBe('LAB_SETUP_FAILED');
    expect(lab.error?.message).toBe('Setup script setup-client.sh on client exited with 2:\napt: no network');
    expect(lab.log.at(-1)).toBe(`failed: ${lab.error?.message}`);
    expect(runtime.left(lab.id)).toBe(0);
    expect(gone).toEqual([lab.id]);
    runtime.onExec = undefined;
    const next = await labs.ready((await labs.start({ learner: 'hal', blueprint: web })).id);
    expect(next.subnets.lan).toBe('10.200.0.0/24'); // the failed lab's slot is free again
  });

  it('fails a lab whose engine stops answering mid-build once its build deadline passes, frees its place, and removes what a late answer made', async () => {
    const runtime = new FakeRuntime();
    let answer!: () => void;
    const answered = new Promise<void>((r) => (answer = r));
    runtime.beforeCreateHost = () => answered; // the engine takes the request and says nothing
    const { labs } = fakeLabManager({ blueprints, runtime, options: { maxLabs: 1, buildDeadlineMs: 100 } });
    const lab = await labs.start({ learner: 'una', blueprint: web });
    const t0 = Date.now();
    const err = await labs.ready(lab.id).then(() => undefined, (e: unknown) => e);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(err).toMatchObject({ code: 'ENGINE_DOWN' });
    expect((err as Error).message).toMatch(/stuck: building the lab on the local engine did not finish within 0\.1 s/);
    expect(lab.state).toBe('failed');
    // Its place is free: the one lab the platform holds may be someone else's now.
    runtime.beforeCreateHost = undefined;
    const next = await labs.ready((await labs.start({ learner: 'vic', blueprint: dns })).id);
    expect(next.state).toBe('ready');
    // The engine answers at last: the hosts the abandoned build made are removed, not left behind.
    answer();
    await until(() => runtime.left(lab.id) === 0, "the abandoned build's hosts removed");
    expect(runtime.left(next.id)).toBeGreaterThan(0);
    await labs.close();
  });

  it('deletes a lab whose removal the engine refuses: gone for its learner, its place free, the removal owed until it succeeds', async () => {
    const { labs, runtime } = fakeLabManager({ blueprints, options: { maxLabs: 1 } });
    const lab = await labs.ready((await labs.start({ learner: 'wes', blueprint: web })).id);
    runtime.removeFails = new Error("the engine's remove did not finish within 120 s");
    await labs.destroy(lab.id);
    expect(labs.list({ learner: 'wes' })).toEqual([]);
    expect(runtime.left(lab.id)).toBeGreaterThan(0);
    expect(lab.subnets.lan).toBe('10.200.0.0/24'); // still held: its network is still there
    // Another learner's start is not refused for a lab that is no more than owed a removal.
    const next = await labs.ready((await labs.start({ learner: 'xia', blueprint: dns })).id);
    expect(next.state).toBe('ready');
    expect(next.subnets.lan).not.toBe('10.200.0.0/24');
    runtime.removeFails = undefined;
    labs.startDiskGuard({ everyMs: 5 });
    try {
      await until(() => runtime.left(lab.id) === 0, 'the owed removal');
      expect(lab.subnets).toEqual({});
      expect(runtime.left(next.id)).toBeGreaterThan(0);
    } finally {
      await labs.close();
    }
  });

  it('keeps a failed lab owed its removal when the engine refuses it, and removes it on a later round', async () => {
    const { labs, runtime } = fakeLabManager({ blueprints });
    runtime.onExec = (call) => (call.script.includes('set up web') ? { exitCode: 1, stdout: '', output: 'no', timedOut: false, durationMs: 0 } : undefined);
    runtime.removeFails = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED', syscall: 'connect' });
    const lab = await labs.start({ learner: 'ida', blueprint: web });
    await labs.ready(lab.id).catch(() => {});
    expect(lab.state).toBe('failed');
    expect(runtime.left(lab.id)).toBeGreaterThan(0);
    expect(lab.log.some((l) => l.startsWith('removing it from the engine failed'))).toBe(true);
    expect(lab.subnets.lan).toBe('10.200.0.0/24'); // still held: its network is still there
    runtime.removeFails = undefined;
    labs.startDiskGuard({ everyMs: 5 });
    try {
      await until(() => runtime.left(lab.id) === 0, 'the retried removal');
      expect(lab.subnets).toEqual({});
    } finally {
      await labs.close();
    }
  });

  it('fails the labs of an engine that dies at once with ENGINE_DOWN, and a reset rebuilds them on a live engine', async () => {
    const first = fakeEngine();
    const second = fakeEngine();
    let current = first;
    const runtime = new FakeRuntime();
    const { labs } = fakeLabManager({ blueprints, runtime, options: { engines: { pick: async () => current, all: () => [current] } } });
    const lab = await labs.ready((await labs.start({ learner: 'jo', blueprint: web })).id);
    const gone: string[] = [];
    labs.on('gone', (id) => gone.push(id));
    first.die('watchdog: the guest stopped beating');
    expect(lab.state).toBe('failed');
    expect(lab.error).toMatchObject({ code: 'ENGINE_DOWN', message: expect.stringContaining('the guest stopped beating') });
    expect(gone).toEqual([lab.id]);
    expect(lab.subnets).toEqual({});
    current = second;
    await labs.reset(lab.id);
    expect((await labs.ready(lab.id)).engine).toBe(second);
    first.die('again'); // nothing to this lab any more
    expect(lab.state).toBe('ready');
  });

  it('reaps labs idle too long, but not one being built', async () => {
    const { labs, runtime } = fakeLabManager({ blueprints, options: { idleMs: 30 } });
    const idle = await labs.ready((await labs.start({ learner: 'kim', blueprint: web })).id);
    const held = holdExecs(runtime);
    const building = await labs.start({ learner: 'lee', blueprint: web });
    building.lastActive = new Date(0);
    labs.startReaper(5);
    await until(() => idle.state === 'gone', 'the reaping');
    expect(() => labs.get(idle.id)).toThrow(/No lab/);
    expect(runtime.left(idle.id)).toBe(0);
    // The reaper stops; a destroy it had begun on the lab being built would now go on.
    await labs.close();
    held.open();
    await labs.ready(building.id);
    await new Promise((r) => setTimeout(r, 5));
    expect(building.state).toBe('ready');
  });

  it('stops a lab over its disk quota with LAB_QUOTA, removed from the engine before it says so', async () => {
    const { labs, runtime } = fakeLabManager({ blueprints });
    const lab = await labs.ready((await labs.start({ learner: 'max', blueprint: web })).id);
    const calm = await labs.ready((await labs.start({ learner: 'ned', blueprint: web })).id);
    const MB = 1024 * 1024;
    const filler = lab.hosts.find((h) => h.name === 'web')!.containerId;
    runtime.diskUse = (host): HostDiskUse => (host.containerId === filler ? { bytes: 3 * MB, inodes: 10, parts: { 'writable layer': 3 * MB } } : { bytes: 0, inodes: 0, parts: {} });
    // What the lab says when its removal starts: it must not say failed before it is gone.
    let stateAtRemoval: string | undefined;
    // A reset while the stop removes the lab is refused: it would build the lab again and the stop
    // would then free the rebuilt lab's subnets and call it failed.
    let resetDuringRemoval: Promise<string> | undefined;
    const remove = runtime.removeLab.bind(runtime);
    runtime.removeLab = async (props) => {
      stateAtRemoval ??= lab.state;
      resetDuringRemoval ??= labs.reset(lab.id).then(() => 'reset', codeOf);
      await new Promise((r) => setTimeout(r, 5));
      return remove(props);
    };
    labs.startDiskGuard({ everyMs: 5 });
    try {
      await until(() => lab.state === 'failed', 'the quota stop');
      expect(lab.error).toMatchObject({ code: 'LAB_QUOTA', message: expect.stringMatching(/^The lab wrote 3 MB to disk, over its limit of 1 MB \(the most: writable layer on web, 3 MB\), and was stopped/) });
      expect(stateAtRemoval).toBe('ready');
      expect(await resetDuringRemoval).toBe('LAB_BUSY');
      expect(runtime.left(lab.id)).toBe(0);
      expect(calm.state).toBe('ready');
    } finally {
      await labs.close();
    }
  });

  it('destroys a lab: gone from the table and the engine, its terminals told', async () => {
    const { labs, runtime } = fakeLabManager({ blueprints });
    const lab = await labs.ready((await labs.start({ learner: 'ola', blueprint: web })).id);
    const gone: string[] = [];
    labs.on('gone', (id) => gone.push(id));
    await labs.destroy(lab.id);
    expect(lab.state).toBe('gone');
    expect(gone).toEqual([lab.id]);
    expect(runtime.left(lab.id)).toBe(0);
    expect(labs.list({ all: true })).toEqual([]);
  });

  it('removes by id a lab it does not know (left half-built by an earlier run) from every engine', async () => {
    const runtime = new FakeRuntime();
    const earlier = fakeLabManager({ blueprints, runtime }).labs;
    const lab = await earlier.ready((await earlier.start({ learner: 'pat', blueprint: web })).id);
    expect(runtime.left(lab.id)).toBeGreaterThan(0);
    const now = fakeLabManager({ blueprints, runtime }).labs;
    await now.remove(lab.id);
    expect(runtime.left(lab.id)).toBe(0);
    const known = await now.ready((await now.start({ learner: 'pat', blueprint: web })).id);
    await now.remove(known.id); // one it knows is destroyed: gone from its table too
    expect(() => now.get(known.id)).toThrow();
  });

  it('shows a learner only their own labs; everyone else gets LAB_NOT_FOUND', async () => {
    const { labs } = fakeLabManager({ blueprints });
    const mine = await labs.start({ learner: 'pat', blueprint: web });
    const theirs = await labs.start({ learner: 'quinn', blueprint: web });
    expect(labs.list({ learner: 'pat' }).map((l: Lab) => l.id)).toEqual([mine.id]);
    expect(labs.list({ all: true }).map((l) => l.id).sort()).toEqual([mine.id, theirs.id].sort());
    expect(labs.list({ all: true, exercise: 'dns-zone' })).toEqual([]);
    expect(labs.getOwned(mine.id, 'pat')).toBe(mine);
    expect(() => labs.getOwned(theirs.id, 'pat')).toThrow(expect.objectContaining({ code: 'LAB_NOT_FOUND' }));
    expect(() => labs.getOwned(mine.id, '')).toThrow(expect.objectContaining({ code: 'LAB_NOT_FOUND' }));
    expect(() => labs.list({ learner: '' })).toThrow(/needs a learner/);
    await Promise.all([labs.ready(mine.id), labs.ready(theirs.id)]);
  });

  it('adopts what an earlier manager left ready, and removes a lab whose setup never finished', async () => {
    const runtime = new FakeRuntime();
    const engine = fakeEngine();
    const before = fakeLabManager({ blueprints, runtime, engine }).labs;
    const done = await before.ready((await before.start({ learner: 'rae', blueprint: web })).id);
    const held = holdExecs(runtime);
    const half = await before.start({ learner: 'sam', blueprint: web });
    await until(() => half.hosts.length === 2, 'the half-built hosts');
    const after = fakeLabManager({ blueprints, runtime, engine }).labs;
    held.open();
    runtime.onExec = undefined;
    const { adopted, removed } = await after.reconcile();
    expect(adopted).toEqual([done.id]);
    expect(removed).toEqual([half.id]);
    const again = after.get(done.id);
    expect(again).toMatchObject({ state: 'ready', learner: 'rae', env: { WEB_IP: done.env.WEB_IP } });
    const fresh = await after.ready((await after.start({ learner: 'tia', blueprint: web })).id);
    expect(fresh.subnets.lan).not.toBe(again.subnets.lan);
    await before.ready(half.id).catch(() => {});
  });
});
