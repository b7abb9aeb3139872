// Warm labs (server/lab/pool.ts) on a FAKE runtime (test/helpers/fake-runtime.ts): what the pool
// decides — how many it keeps, handing one over without re-creating anything, waiting behind
// learners, its memory budget and an engine's last place, making room for a learner, taking its labs
// back after a restart — without Docker. test/lab/warm-real.test.ts hands a real warm lab over.
import { describe, expect, it } from 'vitest';
import { POOL_LEARNER, type WarmLabsConfig } from '../../server/lab/pool.js';
import type { LabManager } from '../../server/lab/manager.js';
import { LABELS } from '../../server/lab/types.js';
import { fakeBlueprint, fakeEngine, fakeLabManager, FakeRuntime, type FakeEngine } from '../helpers/fake-runtime.js';

const web = fakeBlueprint('web-serve');
const dns = fakeBlueprint('dns-zone', ['ns']);
const blueprints = [web, dns];
const exercises = () => blueprints.map((b) => b.exercise);
const MiB = 2 ** 20;
/** Fake engines are `local`: `local=1` keeps one warm lab of every exercise; each host is 256 MiB. */
const ONE_EACH: WarmLabsConfig = { vm: 0, local: 1, exercises: {}, memoryMiB: 4096 };

async function until(check: () => boolean, what: string, ms = 2000): Promise<void> {
  for (let i = 0; i < ms && !check(); i++) await new Promise((r) => setTimeout(r, 1));
  if (!check()) throw new Error(`${what} did not come within ${ms} ms`);
}

const warmHosts = (runtime: FakeRuntime) => [...runtime.hosts.values()].filter((h) => h.spec.labels[LABELS.learner] === POOL_LEARNER);
const readyOf = (labs: LabManager, exercise: string) => labs.warmLabs().exercises[exercise]?.ready ?? 0;

function manager(props: { runtime?: FakeRuntime; engine?: FakeEngine; ownerOf?: (id: string) => Promise<string | undefined> } = {}) {
  return fakeLabManager({ blueprints, runtime: props.runtime, engine: props.engine, options: { exercises, ownerOf: props.ownerOf } });
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
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    runtime.onExec = async (call) => {
      if (call.script.includes('echo set up')) await held;
      return undefined;
    };
    labs.startWarmLabs({ ...ONE_EACH, local: 0, exercises: { 'web-serve': 1 } });
    await until(() => labs.warmLabs().exercises['web-serve']?.building === 1 && warmHosts(runtime).length === 2, 'a warm lab in setup');
    const lab = await labs.start({ learner: 'carol', blueprint: web });
    expect(lab.state).toBe('starting');
    expect(labs.warmLabs().exercises['web-serve']).toMatchObject({ ready: 0, building: 0 });
    release();
    expect((await labs.ready(lab.id)).learner).toBe('carol');
    await labs.close({ destroyAll: true });
  });

  it('waits behind a learner’s start: no warm host is created while a learner’s lab is starting', async () => {
    const { labs, runtime } = manager();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    runtime.onExec = async (call) => {
      if (call.env.OPSLAB_HOST === 'ns' && call.script.includes('echo set up')) await held;
      return undefined;
    };
    const learnerLab = await labs.start({ learner: 'dan', blueprint: dns });
    await until(() => learnerLab.hosts.length === 1, 'the learner’s host');
    labs.startWarmLabs({ ...ONE_EACH, local: 0, exercises: { 'web-serve': 1 } });
    await new Promise((r) => setTimeout(r, 100));
    expect(warmHosts(runtime)).toHaveLength(0);
    release();
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
    const before = manager({ runtime, engine }).labs;
    before.startWarmLabs(ONE_EACH);
    await until(() => readyOf(before, 'web-serve') === 1 && readyOf(before, 'dns-zone') === 1, 'two warm labs');
    const taken = await before.start({ learner: 'gil', blueprint: web });
    await before.close(); // the server stops; labs stay
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
});
