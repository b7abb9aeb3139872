// Warm labs (server/lab/pool.ts) on a FAKE runtime (test/helpers/fake-runtime.ts): what the pool
// decides — how many it keeps, handing one over without re-creating anything, waiting behind
// learners, its memory budget and an engine's last place, making room for a learner, taking its labs
// back after a restart — without Docker. test/lab/warm-real.test.ts hands a real warm lab over.
import { describe, expect, it } from 'vitest';
import { POOL_LEARNER, type WarmLabsConfig } from '../../server/lab/pool.js';
import type { LabManager } from '../../server/lab/manager.js';
import { LABELS, type Lab } from '../../server/lab/types.js';
import { fakeBlueprint, fakeEngine, fakeLabManager, FakeRuntime, holdExecs, until, type FakeEngine } from '../helpers/fake-runtime.js';

const web = fakeBlueprint('web-serve');
const dns = fakeBlueprint('dns-zone', ['ns']);
const blueprints = [web, dns];
const exercises = () => blueprints.map((b) => b.exercise);
const MiB = 2 ** 20;
/** Fake engines are `local`: `local=1` keeps one warm lab of every exercise; each host is 256 MiB. */
const ONE_EACH: WarmLabsConfig = { vm: 0, local: 1, exercises: {}, memoryMiB: 4096 };

const warmHosts = (runtime: FakeRuntime) => [...runtime.hosts.values()].filter((h) => h.spec.labels[LABELS.learner] === POOL_LEARNER);
const readyOf = (labs: LabManager, exercise: string) => labs.warmLabs().exercises[exercise]?.ready ?? 0;

/** A manager whose pool built one warm lab of each exercise, then stopped (as a server does): its labs stay on `runtime`. */
async function stoppedWithWarmLabs(runtime: FakeRuntime, engine: FakeEngine, then?: (labs: LabManager) => Promise<void>): Promise<void> {
  const before = manager({ runtime, engine }).labs;
  before.startWarmLabs(ONE_EACH);
  await until(() => readyOf(before, 'web-serve') === 1 && readyOf(before, 'dns-zone') === 1, 'two warm labs');
  await then?.(before);
  await before.close();
}

function manager(props: { runtime?: FakeRuntime; engine?: FakeEngine; ownerOf?: (id: string) => Promise<string | undefined>; claim?: (lab: Lab) => Promise<void> } = {}) {
  return fakeLabManager({ blueprints, runtime: props.runtime, engine: props.engine, options: { exercises, ownerOf: props.ownerOf, claim: props.claim } });
}

describe('warm labs (on a fake runtime)', () => {
  it('keeps the configured number ready per exercise, built like any lab and labelled as nobody’s', async () => {
    const { labs, runtime } = manager();
    labs.startWarmLabs(ONE_EACH);
    await until(() => readyOf(labs, 'web-serve') === 1 && readyOf(labs, 'dns-zone') === 1, 'two warm labs');
    expect(labs.warmLabs().exercises).toEqual({ 'web-serve': { ready: 1, building: 0, want: 1 }, 'dns-zone': { ready: 1, building: 0, want: 1 } });
    expect(warmHosts(runtime)).toHaveLength(3);
    // Set up like a learner's: every host ran its setup script and got the ready mark.
    expect(runtime.execs.filter((e) => e.script.includes('echo set up')).length).toBe(3);
    // Nobody's: no learner sees them, graders and the CLI do not list them.
    expect(labs.list({ all: true })).toEqual([]);
    await labs.close({ destroyAll: true });
    expect(runtime.hosts.size).toBe(0);
  });

  it('hands a warm lab to the learner who starts that exercise: the same lab, ready at once, nothing re-created; then refills', async () => {
    const { labs, runtime } = manager();
    labs.startWarmLabs({ ...ONE_EACH, local: 0, exercises: { 'web-serve': 1 } });
    await until(() => readyOf(labs, 'web-serve') === 1, 'a warm lab');
    const created = runtime.hosts.size;
    const execs = runtime.execs.length;
    const lab = await labs.start({ learner: 'alice', blueprint: web, address: '10.0.0.9' });
    expect(lab.state).toBe('ready');
    expect(lab).toMatchObject({ learner: 'alice', address: '10.0.0.9', exercise: 'web-serve' });
    expect(runtime.execs.length).toBe(execs); // not one script ran for the handover
    expect(labs.getOwned(lab.id, 'alice')).toBe(lab);
    expect(() => labs.getOwned(lab.id, POOL_LEARNER)).toThrow();
    expect(lab.log.at(-1)).toMatch(/warm lab/);
    // The pool builds the next one in the background.
    await until(() => readyOf(labs, 'web-serve') === 1, 'the refill');
    expect(runtime.hosts.size).toBe(created + 2);
    expect(labs.warmLabs().handedOut).toBe(1);
    // A second learner gets the refilled one; a learner who already has one gets theirs back.
    const bob = await labs.start({ learner: 'bob', blueprint: web });
    expect(bob.id).not.toBe(lab.id);
    expect((await labs.start({ learner: 'alice', blueprint: web })).id).toBe(lab.id);
    await labs.close({ destroyAll: true });
  });

  it('hands over a warm lab still being built, which then finishes as the learner’s', async () => {
    const { labs, runtime } = manager();
    const setup = holdExecs(runtime, (call) => call.script.includes('echo set up'));
    labs.startWarmLabs({ ...ONE_EACH, local: 0, exercises: { 'web-serve': 1 } });
    await until(() => labs.warmLabs().exercises['web-serve']?.building === 1 && warmHosts(runtime).length === 2, 'a warm lab in setup');
    const lab = await labs.start({ learner: 'carol', blueprint: web });
    expect(lab.state).toBe('starting');
    expect(labs.warmLabs().exercises['web-serve']).toMatchObject({ ready: 0, building: 0 });
    setup.open();
    expect((await labs.ready(lab.id)).learner).toBe('carol');
    await labs.close({ destroyAll: true });
  });

  it('waits behind a learner’s start: no warm host is created while a learner’s lab is starting', async () => {
    const { labs, runtime } = manager();
    const setup = holdExecs(runtime, (call) => call.env.OPSLAB_HOST === 'ns' && call.script.includes('echo set up'));
    const learnerLab = await labs.start({ learner: 'dan', blueprint: dns });
    await until(() => learnerLab.hosts.length === 1, 'the learner’s host');
    labs.startWarmLabs({ ...ONE_EACH, local: 0, exercises: { 'web-serve': 1 } });
    await new Promise((r) => setTimeout(r, 100));
    expect(warmHosts(runtime)).toHaveLength(0);
    setup.open();
    await labs.ready(learnerLab.id);
    await until(() => readyOf(labs, 'web-serve') === 1, 'the warm lab after the learner’s');
    await labs.close({ destroyAll: true });
  });

  it('stays within its memory budget', async () => {
    const { labs } = manager();
    // web-serve has 2 hosts (512 MiB), dns-zone 1 (256 MiB): 600 MiB holds web-serve's only.
    labs.startWarmLabs({ ...ONE_EACH, memoryMiB: 600 });
    await until(() => readyOf(labs, 'web-serve') === 1, 'one warm lab');
    await new Promise((r) => setTimeout(r, 50));
    expect(labs.warmLabs()).toMatchObject({ exercises: { 'dns-zone': { ready: 0, building: 0, want: 1 } }, memoryMiB: { used: 512, budget: 600 } });
    await labs.close({ destroyAll: true });
  });

  it('never takes an engine’s last place, and gives its place up to a learner on a full engine', async () => {
    const engine = fakeEngine({ labBudget: { maxLabs: 2, hostMemoryBytes: () => 128 * MiB } });
    const { labs } = manager({ engine });
    labs.startWarmLabs(ONE_EACH);
    await until(() => readyOf(labs, 'web-serve') === 1, 'a warm lab');
    await new Promise((r) => setTimeout(r, 50));
    expect(readyOf(labs, 'dns-zone')).toBe(0); // its place is the one kept free
    const erin = await labs.ready((await labs.start({ learner: 'erin', blueprint: dns })).id);
    // The engine is full (erin's and a warm one): a second learner's lab of the other exercise needs the warm one's place.
    const fay = await labs.ready((await labs.start({ learner: 'fay', blueprint: dns })).id);
    expect(fay.state).toBe('ready');
    expect(labs.onEngine(engine)).toBe(2);
    expect(labs.warmLabs().exercises['web-serve']?.ready).toBe(0);
    expect(erin.state).toBe('ready');
    await labs.close({ destroyAll: true });
  });

  it('after a restart, takes its warm labs back, and gives one a learner took to that learner', async () => {
    const runtime = new FakeRuntime();
    const engine = fakeEngine();
    let taken!: Lab;
    await stoppedWithWarmLabs(runtime, engine, async (before) => {
      taken = await before.start({ learner: 'gil', blueprint: web });
    });
    const after = manager({ runtime, engine, ownerOf: async (id) => (id === taken.id ? 'gil' : undefined) }).labs;
    const { adopted } = await after.reconcile();
    expect(adopted).toEqual([taken.id]);
    expect(after.getOwned(taken.id, 'gil').state).toBe('ready');
    expect(after.warmLabs().exercises['dns-zone']).toMatchObject({ ready: 1 });
    // The adopted warm lab is handed over like any other.
    const warmDns = await after.start({ learner: 'hana', blueprint: dns });
    expect(warmDns.state).toBe('ready');
    await after.close({ destroyAll: true });
  });

  it('removes a warm lab whose build failed and does not retry it at once', async () => {
    const { labs, runtime } = manager();
    let failures = 0;
    runtime.onExec = (call) => {
      if (!call.script.includes('echo set up web')) return undefined;
      failures++;
      return { exitCode: 1, stdout: '', output: 'broken', timedOut: false, durationMs: 0 };
    };
    labs.startWarmLabs({ ...ONE_EACH, local: 0, exercises: { 'web-serve': 1 } });
    await until(() => failures === 1 && runtime.hosts.size === 0, 'the failed warm lab removed');
    labs.startWarmLabs({ ...ONE_EACH, local: 0, exercises: { 'web-serve': 1 } }); // another round now
    await new Promise((r) => setTimeout(r, 100));
    expect(failures).toBe(1);
    await labs.close({ destroyAll: true });
  });

  it('gives a warm lab only once its new owner is remembered: a claim that fails removes the lab and fails the start', async () => {
    const { labs, runtime } = manager({ claim: async () => Promise.reject(new Error('the store is down')) });
    labs.startWarmLabs({ ...ONE_EACH, local: 0, exercises: { 'web-serve': 1 } });
    await until(() => readyOf(labs, 'web-serve') === 1, 'a warm lab');
    const warmId = [...runtime.hosts.values()][0]!.spec.labels[LABELS.lab];
    await expect(labs.start({ learner: 'ivy', blueprint: web })).rejects.toThrow('the store is down');
    expect(labs.list({ learner: 'ivy' })).toEqual([]);
    expect(runtime.left(warmId!)).toBe(0);
    await labs.close({ destroyAll: true });
  });

  it('after a restart where the store cannot say who took what, removes the warm labs instead of handing them out', async () => {
    const runtime = new FakeRuntime();
    const engine = fakeEngine();
    await stoppedWithWarmLabs(runtime, engine);
    const after = manager({ runtime, engine, ownerOf: async () => Promise.reject(new Error('the store is down')) }).labs;
    const { adopted, removed } = await after.reconcile();
    expect(adopted).toEqual([]);
    expect(removed).toHaveLength(2);
    expect(after.warmLabs().exercises).toEqual({});
    expect(runtime.hosts.size).toBe(0);
    await after.close({ destroyAll: true });
  });

  it('stops a warm lab still being built when a learner needs its place', async () => {
    const engine = fakeEngine({ labBudget: { maxLabs: 3, hostMemoryBytes: () => 128 * MiB } });
    const { labs, runtime } = manager({ engine });
    const setup = holdExecs(runtime, (call) => call.script.includes('echo set up web'));
    await labs.ready((await labs.start({ learner: 'jo', blueprint: dns })).id);
    labs.startWarmLabs({ ...ONE_EACH, exercises: { 'web-serve': 1, 'dns-zone': 0 } });
    await until(() => labs.warmLabs().exercises['web-serve']?.building === 1 && warmHosts(runtime).length === 2, 'a warm build in setup');
    await labs.ready((await labs.start({ learner: 'kay', blueprint: dns })).id);
    // jo's, kay's and the warm one being built fill the engine: lou's lab needs the warm one's place.
    const lou = labs.start({ learner: 'lou', blueprint: dns });
    await new Promise((r) => setTimeout(r, 20));
    setup.open(); // the warm build's step in progress ends; it stops at the next
    expect((await labs.ready((await lou).id)).state).toBe('ready');
    expect(labs.onEngine(engine)).toBe(3);
    expect(warmHosts(runtime)).toHaveLength(0);
    await labs.close({ destroyAll: true });
  });

  it('holds the subnets of a warm lab whose removal failed, and removes it in a later round', async () => {
    const { labs, runtime } = manager();
    labs.startWarmLabs({ ...ONE_EACH, local: 0, exercises: { 'web-serve': 1 } });
    await until(() => readyOf(labs, 'web-serve') === 1, 'a warm lab');
    const warmId = [...runtime.hosts.values()][0]!.spec.labels[LABELS.lab]!;
    runtime.removeFails = new Error('the engine does not answer');
    labs.startWarmLabs({ ...ONE_EACH, local: 0, exercises: { 'web-serve': 0 } }); // not wanted any more
    await new Promise((r) => setTimeout(r, 50));
    expect(runtime.left(warmId)).toBeGreaterThan(0);
    // Its subnet is still held: a learner's lab gets another one.
    const other = await labs.ready((await labs.start({ learner: 'lee', blueprint: web })).id);
    const warmSubnet = [...runtime.networks.values()].find((n) => n.labels[LABELS.lab] === warmId)!.subnet;
    expect(other.subnets.lan).not.toBe(warmSubnet);
    runtime.removeFails = undefined;
    labs.startWarmLabs({ ...ONE_EACH, local: 0, exercises: { 'web-serve': 0 } }); // another round
    await until(() => runtime.left(warmId) === 0, 'the removal tried again');
    await labs.close({ destroyAll: true });
  });
});
