// PlatformMetrics without a server: the engine gauges read the engines' status once per scrape,
// and each scrape reads it afresh (a lab counted a moment ago is counted now).
import { describe, expect, it } from 'vitest';
import type { EngineHealth } from '../../server/engine/bring-up.js';
import { PlatformMetrics } from '../../server/metrics/platform.js';

const engine = (labs: number): EngineHealth => ({ id: 'local', kind: 'local', up: true, description: 'test engine', load: { labs, warm: 0, memoryMiB: 0 } }) as EngineHealth;
const value = (text: string, name: string) => Number(new RegExp(`^${name}\\{engine="local"\\} (\\S+)$`, 'm').exec(text)?.[1]);

describe('PlatformMetrics: the engines status', () => {
  it('is asked once per scrape, whatever the gauges, and again by the next scrape however soon', async () => {
    let labs = 0;
    let asked = 0;
    const metrics = new PlatformMetrics({
      engines: async () => {
        asked++;
        return [engine(labs)];
      },
    });
    expect(value(await metrics.text(), 'opslab_engine_labs')).toBe(0);
    expect(asked).toBe(1); // one status for opslab_engine_up, _labs and _capacity_labs
    labs = 1; // a lab started, and the scraper asks again at once
    expect(value(await metrics.text(), 'opslab_engine_labs')).toBe(1);
    expect(asked).toBe(2);
  });
});
