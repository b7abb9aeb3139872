import { existsSync, readdirSync } from 'node:fs';
import { release } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { engineFacts, labHostConfig, parseProbeOutput, probeFeatures } from '../../server/engine/probe.js';
import { KERNEL_FEATURES, type Engine } from '../../server/engine/types.js';
import { engineWithLabImage } from './support.js';

let engine: Engine;
let image: string;

beforeAll(async () => {
  ({ engine, image } = await engineWithLabImage());
});

/** Whether this machine's kernel (shared by the local engine's containers) has a module. */
function kernelHas(module: string): boolean {
  if (existsSync(`/sys/module/${module}`)) return true;
  const dir = `/lib/modules/${release()}`;
  const find = (d: string): boolean =>
    existsSync(d) && readdirSync(d, { withFileTypes: true }).some((e) => (e.isDirectory() ? find(join(d, e.name)) : e.name.startsWith(`${module}.ko`)));
  return find(dir);
}

describe('probeFeatures on the local engine', () => {
  it('reports every feature with a detail, matching this kernel', async () => {
    const report = await probeFeatures(engine.docker, image);
    for (const f of KERNEL_FEATURES) expect(report[f].detail.length, f).toBeGreaterThan(5);
    expect(report.ipvs.ok).toBe(kernelHas('ip_vs'));
    expect(report.ipip.ok).toBe(kernelHas('ipip'));
    expect(report.vrrp.ok).toBe(true);
    if (!report.ipvs.ok) {
      expect(report.ipvs.detail).toMatch(/ipvsadm/);
      // Without IPVS there is no net.ipv4.vs.conntrack to set.
      expect(report.ipvsct).toMatchObject({ ok: false, detail: expect.stringMatching(/no net\.ipv4\.vs\.conntrack/) });
    }
  });

  it('reports netsysctl exactly when the engine is userns-remapped (it is, for opslab\'s own engine)', async () => {
    const [report, facts] = await Promise.all([probeFeatures(engine.docker, image), engineFacts(engine.docker)]);
    expect(report.netsysctl.ok).toBe(facts.userns);
    expect(facts.userns).toBe(true);
    expect(report.netsysctl.detail).toMatch(/core_pattern/);
    expect(labHostConfig(report)).toEqual({ ReadonlyPaths: ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sysrq-trigger'] });
  });

  it('probes once per engine and image', async () => {
    const a = probeFeatures(engine.docker, image);
    const started = performance.now();
    const b = probeFeatures(engine.docker, image);
    expect(b).toBe(a);
    await b;
    expect(await engine.features()).toEqual(await a);
    const again = performance.now();
    await engine.features();
    expect(performance.now() - again).toBeLessThan(50);
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it('keeps /proc/sys read-only when netsysctl is off', () => {
    const report = parseProbeOutput('ipvs\t0\tx\nipip\t0\tx\nvrrp\t1\tx\nnetsysctl\t0\tno userns\n');
    expect(labHostConfig(report)).toEqual({});
    expect(report.netsysctl).toEqual({ ok: false, detail: 'no userns' });
  });

  it('says so when the probe output lacks a feature', () => {
    const report = parseProbeOutput('ipvs\t1\tok\n');
    expect(report.ipip.ok).toBe(false);
    expect(report.ipip.detail).toMatch(/said nothing about ipip/);
  });
});
