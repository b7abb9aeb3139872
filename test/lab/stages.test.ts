// A starting lab's stage (server/lab/stages.ts), on the FAKE runtime (test/helpers/fake-runtime.ts):
// the builder moves it through networks, hosts, prepare, each setup step and ready; a reset begins
// with clearing (and engine when its engine died); 'ready' is emitted once per successful build.
import { describe, expect, it } from 'vitest';
import { stageOf, startElapsedMs } from '../../server/lab/stages.js';
import type { Lab } from '../../server/lab/types.js';
import { fakeBlueprint, fakeEngine, fakeLabManager } from '../helpers/fake-runtime.js';

describe('the stages of a starting lab', () => {
  it('go networks → hosts → prepare → each setup step → ready, and ready is announced once', async () => {
    const { labs, runtime } = fakeLabManager({ blueprints: [fakeBlueprint('web-serve', ['web', 'client'])] });
    const seen: string[] = [];
    let lab: Lab | undefined;
    const note = () => lab && seen.at(-1) !== stageOf(lab).label && seen.push(stageOf(lab).label);
    runtime.onExec = () => void note();
    const ready: Lab[] = [];
    labs.on('ready', (l) => ready.push(l));
    lab = await labs.start({ learner: 'alice', blueprint: fakeBlueprint('web-serve', ['web', 'client']) });
    expect(lab.stage?.id).toBe('networks'); // set before start returns
    note();
    await labs.ready(lab.id);
    note();
    expect(seen).toEqual([
      'Creating the networks',
      'Preparing the hosts',
      'Running setup step 1 of 2: setup-web.sh on web',
      'Running setup step 2 of 2: setup-client.sh on client',
      'Ready',
    ]);
    expect(stageOf(lab)).toEqual({ id: 'ready', label: 'Ready' });
    expect(ready.map((l) => l.id)).toEqual([lab.id]);
  });

  it('a failed lab keeps the stage it failed in, and is not announced ready', async () => {
    const { labs, runtime } = fakeLabManager();
    runtime.onExec = (call) => (call.script.includes('echo set up client') ? { exitCode: 3, stdout: '', output: 'no', timedOut: false, durationMs: 0 } : undefined);
    const ready: Lab[] = [];
    labs.on('ready', (l) => ready.push(l));
    const lab = await labs.start({ learner: 'alice', blueprint: fakeBlueprint() });
    await expect(labs.ready(lab.id)).rejects.toThrow(/setup-client\.sh/);
    expect(lab.stage).toEqual({ id: 'setup', label: 'Running setup step 2 of 2: setup-client.sh on client' });
    expect(ready).toEqual([]);
  });

  it('a reset starts the clock again at clearing; on a dead engine it waits for a new one', async () => {
    const engine = fakeEngine();
    const { labs } = fakeLabManager({ engine });
    const lab = await labs.ready((await labs.start({ learner: 'alice', blueprint: fakeBlueprint() })).id);
    lab.startedAt = new Date(Date.now() - 60_000);
    expect(startElapsedMs(lab)).toBeGreaterThanOrEqual(60_000);
    await labs.reset(lab.id);
    expect(lab.stage?.id).toBe('clearing');
    expect(startElapsedMs(lab)).toBeLessThan(1_000);
    await labs.ready(lab.id);

    engine.die('killed');
    await labs.reset(lab.id);
    expect(lab.stage?.id).toBe('engine');
    await labs.ready(lab.id);
    expect(lab.stage?.id).toBe('ready');
  });

  it('an adopted lab (no stage kept) is shown by its state', () => {
    const lab = { state: 'ready' } as Lab;
    expect(stageOf(lab).id).toBe('ready');
  });
});
