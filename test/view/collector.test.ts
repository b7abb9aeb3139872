// The collector against a FAKE side runtime (the boundary to the engine): a probe that falls silent
// is not shown as the host's present, and is made again.
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LiveView } from '../../shared/lab-view.js';
import type { LabSideRuntime, SideStream } from '../../server/lab/runtime.js';
import { LabCollector } from '../../server/view/collector.js';
import { drLab, engineSample, ethLink, hostSample, loLink } from '../helpers/view-lab.js';

/** A stream that prints `line` once and then nothing, until stopped. */
function silentAfter(line: string): SideStream & { stopped: boolean } {
  const stdout = new PassThrough();
  stdout.write(`${line}\n`);
  let end!: (code: number | null) => void;
  const s = {
    stdout,
    stopped: false,
    ended: new Promise<number | null>((r) => (end = r)),
    stop: async () => {
      s.stopped = true;
      stdout.end();
      end(null);
    },
  };
  return s;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the collector', () => {
  it('drops the reading of a probe silent for 10 s, says so, and starts a new probe', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'Date'] });
    const probes: Record<string, (SideStream & { stopped: boolean })[]> = {};
    const FAKE: LabSideRuntime = {
      prepare: async () => {},
      hostMacs: async () => [],
      beside: async ({ host }) => {
        const s = silentAfter(JSON.stringify(hostSample({ links: [loLink, ethLink('02:42:0a:7b:00:0a', 20)], addrs: [[1, '127.0.0.1/8']] })));
        probes[host.name] = [...(probes[host.name] ?? []), s];
        return s;
      },
      // The engine's probe keeps talking: only the hosts' fall silent.
      onEngine: async () => silentAfter(JSON.stringify(engineSample({ bridge: 'br-lan', bridgeIndex: 5, bridgeMac: '02:42:9c:00:00:01', ports: [] }))),
      power: async () => {},
      bridgeOf: async () => 'br-lan',
      removeAgent: async () => {},
    };
    const lab = drLab(FAKE);
    lab.runtime.listManaged = async () => ({ containers: lab.hosts.map((h) => ({ Id: h.containerId, Labels: {}, State: 'running', Created: 0 })), networks: [] });
    const collector = new LabCollector({ lab, instance: 'test', image: 'lab', applied: () => [], events: () => [] });
    let view: LiveView | undefined;
    collector.on('view', (v) => (view = v));
    await collector.start();
    await vi.advanceTimersByTimeAsync(1500);
    expect(view?.hosts.find((h) => h.name === 'director')?.unreadable).toBeUndefined();
    expect(probes.director).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(10_000);
    const director = view?.hosts.find((h) => h.name === 'director');
    expect(director?.unreadable ?? '').toMatch(/said nothing for 1\d s/);
    expect(probes.director![0]!.stopped).toBe(true);
    await vi.advanceTimersByTimeAsync(3000);
    expect(probes.director!.length).toBeGreaterThan(1);
    await collector.stop();
  });
});
