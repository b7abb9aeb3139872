// Honest waits, in Debian's Chromium against a real `opslab serve` on the vm engine (QEMU, booted on
// the first lab that needs it): a learner starts lvs-dr, the page says it is finding an engine
// while the VM boots, then shows the lab's real stage and "About N s left" counted down from the
// median of the exercise's recent starts (seeded through the store API: 30, 45 and 90 s, so a
// mean would say 55), keeps the lesson readable meanwhile, then opens the terminals; the server
// records this start for the next estimate. Slow (a VM boot and a four-host LVS lab): one lab.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../server/store/index.js';
import { launchBrowser, openPage, screenshot, typeLine, waitForTerminal } from '../helpers/browser.js';
import { buildWeb, startServer, type RunningServer } from '../helpers/server.js';

const SEEDED_MS = [30_000, 45_000, 90_000];

describe('a learner waits for an LVS lab on the vm engine, told honestly how long', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'opslab-e2e-wait-'));
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const t0 = Date.now();
  const since = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

  beforeAll(async () => {
    const store = await openStore({ dataDir });
    for (const ms of SEEDED_MS) await store.recordLabStart({ exercise: 'lvs-dr', engine: 'vm', ms });
    await store.close();
    server = await startServer({ curriculum: 'curricula', webDir: await buildWeb(), dataDir, env: { OPSLAB_ENGINE: 'vm' } });
    browser = await launchBrowser();
    page = await openPage(browser);
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  });

  afterAll(async () => {
    await page
      ?.evaluate(async () => {
        const labs = (await (await fetch('/api/labs')).json()) as { id: string }[];
        await Promise.all(labs.map((l) => fetch(`/api/labs/${l.id}`, { method: 'DELETE' })));
      })
      .catch((e: unknown) => console.error(`lab cleanup failed: ${(e as Error).message}`));
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const status = () => page.locator('.lab-starting[role="status"]');

  it('says it is finding an engine while the VM boots, then the real stage and the time left from the median', async () => {
    await page.goto(`${server.url}/exercises/lvs-dr`);
    await page.getByRole('button', { name: 'Start lab' }).click();
    // The start request waits for the vm engine to boot (the first lab that needs it).
    await page.getByRole('status').filter({ hasText: 'Finding an engine for your lab' }).waitFor({ timeout: 15_000 });
    await screenshot(page, 'wait-01-finding-engine');
    await status().waitFor({ timeout: 240_000 });
    console.log(`[lab-wait] the lab started (engine up) at ${since()}`);
    const first = (await status().textContent()) ?? '';
    await screenshot(page, 'wait-02-stage');
    expect(first).toMatch(/Starting your lab: (Creating the networks|Starting the hosts|Preparing the hosts|Running setup step \d of 3: scripts\/setup-\w+\.sh on \w+)…/);
    expect(await status().getAttribute('aria-live')).toBe('polite');
    expect(first).toContain('a start usually takes about 45 s, the median of the last 3 starts of this exercise');
    const left = Number(/About (\d+) s left/.exec(first)?.[1]);
    expect(left).toBeGreaterThanOrEqual(5);
    expect(left).toBeLessThanOrEqual(45);
    expect(first).not.toMatch(/a few seconds/);
  }, 300_000);

  it('keeps the lesson readable and scrollable while the lab starts', async () => {
    const lesson = page.getByRole('article', { name: 'Lesson and tasks' });
    expect(await lesson.isVisible()).toBe(true);
    const scrolled = await lesson.evaluate((el) => {
      el.scrollTop = 600;
      return el.scrollTop;
    });
    expect(scrolled).toBeGreaterThan(0);
    expect(await status().isVisible()).toBe(true); // still starting: this was read during the wait
  });

  it('counts down, moves through the setup steps, then opens a terminal per host', async () => {
    const seen = new Set<string>();
    const lefts: number[] = [];
    let text = '';
    while ((await status().count()) > 0) {
      text = (await status().textContent().catch(() => '')) ?? '';
      const stage = /Starting your lab: (.*?)…/.exec(text)?.[1];
      if (stage) seen.add(stage);
      const left = /About (\d+) s left/.exec(text)?.[1];
      if (left) lefts.push(Number(left));
      else if (text) expect(text).toContain('Taking longer than usual');
      await page.waitForTimeout(250);
    }
    console.log(`[lab-wait] ready at ${since()}; stages seen: ${[...seen].join(' | ')}; left: ${[...new Set(lefts)].join(', ')}`);
    expect([...seen].some((s) => /^Running setup step \d of 3: scripts\/setup-(director|rs)\.sh on (director|rs1|rs2)$/.test(s))).toBe(true);
    expect(new Set(lefts).size).toBeGreaterThan(1); // it counted down, not one frozen number
    expect(lefts.every((n, i) => i === 0 || n <= lefts[i - 1]! + 5)).toBe(true); // down, give or take a poll's rounding
    await page.getByRole('tab', { name: /^director\b/ }).waitFor({ timeout: 60_000 });
    await waitForTerminal(page, 'director', /[#$]\s*$/m, 60_000);
    await typeLine(page, 'director', 'echo "ipvs: $(ipvsadm -Ln >/dev/null && echo ok$((40+2)))"');
    await waitForTerminal(page, 'director', /ipvs: ok42/, 60_000);
    await screenshot(page, 'wait-03-terminal');
  }, 300_000);

  it('remembers this start, so the next estimate learns from it', async () => {
    const store = await openStore({ dataDir });
    try {
      const starts = await store.labStarts({ engine: 'vm', exercise: 'lvs-dr', limit: 9 });
      expect(starts.map((s) => s.ms).slice(1)).toEqual([...SEEDED_MS].reverse());
      console.log(`[lab-wait] this start took ${starts[0]!.ms} ms`);
      expect(starts).toHaveLength(4);
      expect(starts[0]!.ms).toBeGreaterThan(1_000);
      expect(starts[0]!.ms).toBeLessThan(300_000);
    } finally {
      await store.close();
    }
  });
});
