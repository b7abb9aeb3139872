// The lab side of the exercise page, in Debian's Chromium against a real `opslab serve` on the local
// Docker engine (web-serve: two hosts, client and web): two terminals side by side (typed into, each
// fitted to its half), the lesson/lab split resized by keyboard, the lab maximised and restored, the
// layout remembered across a reload, the idle clock and Extend (a short idle limit, so it warns), a
// full platform told plainly to a second learner, the terminal bus typing into a named host, the
// keyboard shortcuts and their dialog, xterm's screen-reader mode, and a phone-sized session (the
// lesson or the lab, on-screen Ctrl then c interrupting a sleep). axe finds no serious or critical
// violation in any of these states. Screenshots go to test-artifacts/e2e/ux-*.png.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabView } from '../../shared/api.js';
import { axeViolations, cspViolations, type OpenApp, openApp, openPage, screenshot, terminalSize, terminalText, typeLine, waitForTerminal } from '../helpers/browser.js';
import type { RunningServer } from '../helpers/server.js';

const CURRICULUM = 'test/fixtures/curricula/labs';
const IDLE_MINUTES = 9; // under the page's ten-minute warning: the clock warns from the start

describe('the lab layout of the exercise page', () => {
  let app: OpenApp;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    app = await openApp({ curriculum: CURRICULUM, viewport: { width: 1280, height: 800 }, env: { OPSLAB_IDLE_MINUTES: String(IDLE_MINUTES), OPSLAB_MAX_LABS: '1' } });
    ({ server, browser, page } = app);
  });

  afterAll(async () => app?.close());

  const noViolations = async (state: string) => {
    const found = await axeViolations(page);
    expect(found, `${state}: ${JSON.stringify(found, null, 1)}`).toEqual([]);
  };
  const box = async (testId: string) => (await page.getByTestId(testId).boundingBox())!;
  const myLab = () => page.evaluate(async () => ((await (await fetch('/api/labs')).json()) as LabView[])[0]!);

  it('starts the lab: one terminal per host, the idle clock warning (9 min left)', async () => {
    await page.goto(`${server.url}/exercises/web-serve`);
    await page.getByRole('button', { name: 'Start lab' }).click();
    await page.getByRole('tab', { name: /^client\b/ }).waitFor({ timeout: 120_000 });
    await waitForTerminal(page, 'web', /[#$]\s*$/m, 30_000);
    const clock = page.getByTestId('lab-clock');
    expect(await clock.textContent()).toMatch(/idle — stops at \d\d:\d\d \(in [89] min\)/);
    await page.getByRole('status').filter({ hasText: 'Your lab stops soon' }).waitFor();
    await screenshot(page, 'ux-lab-ready');
    await noViolations('lab ready');
  }, 150_000);

  it('shows two terminals side by side, each fitted to its half, and takes typing in both', async () => {
    const single = (await terminalSize(page, 'web'))!;
    await page.getByRole('button', { name: 'Side by side' }).click();
    expect(await page.getByRole('button', { name: 'Side by side' }).getAttribute('aria-pressed')).toBe('true');
    // The tab in use (client, the first host) on the left, the next one (web) on the right.
    const [client, web] = [await box('terminal-client'), await box('terminal-web')];
    expect(client.x + client.width).toBeLessThanOrEqual(web.x + 1);
    expect(Math.abs(web.width - client.width)).toBeLessThan(4);
    // Each terminal keeps fitting its box: half the columns it had alone.
    await expect.poll(async () => (await terminalSize(page, 'web'))!.cols, { timeout: 5000 }).toBeLessThan(single.cols * 0.6);
    await expect.poll(async () => (await terminalSize(page, 'client'))!.cols, { timeout: 5000 }).toBeLessThan(single.cols * 0.6);
    await typeLine(page, 'web', 'echo "first: $((6*7)) on $OPSLAB_HOST"');
    await typeLine(page, 'client', 'echo "second: $((6*8)) on $OPSLAB_HOST"');
    await waitForTerminal(page, 'web', /first: 42 on web/);
    await waitForTerminal(page, 'client', /second: 48 on client/);
    expect(await page.getByRole('tab', { name: /^client\b/ }).getAttribute('aria-selected')).toBe('true');
    // The learner picks which two: the View beside the client, then web again.
    await page.getByLabel('Right pane').selectOption({ label: 'View' });
    await page.getByTestId('lab-view').locator('.lab-view').waitFor();
    expect(await page.getByTestId('terminal-client').isVisible()).toBe(true);
    expect(await page.getByTestId('terminal-web').isVisible()).toBe(false);
    await page.getByLabel('Right pane').selectOption({ label: 'web' });
    await screenshot(page, 'ux-side-by-side');
    await noViolations('side by side');
  }, 60_000);

  it('resizes the lesson/lab split from the keyboard', async () => {
    const handle = page.getByRole('separator', { name: 'Resize the lesson and the lab' });
    expect(await handle.getAttribute('aria-valuenow')).toBe('42');
    const before = (await page.locator('#lesson-pane').boundingBox())!.width;
    const cols = (await terminalSize(page, 'web'))!.cols;
    await handle.focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowLeft');
    expect(await handle.getAttribute('aria-valuenow')).toBe('32');
    const after = (await page.locator('#lesson-pane').boundingBox())!.width;
    expect(before - after).toBeGreaterThan(100);
    await expect.poll(async () => (await terminalSize(page, 'web'))!.cols, { timeout: 5000 }).toBeGreaterThan(cols);
    await screenshot(page, 'ux-split-resized');
    await noViolations('split resized');
  });

  it('maximises the lab and restores it with Esc', async () => {
    await page.getByRole('button', { name: 'Maximise' }).click();
    const lab = (await page.locator('#lab-pane').boundingBox())!;
    expect([lab.x, lab.y]).toEqual([0, 0]);
    expect(lab.width).toBeGreaterThan(1260);
    expect(lab.height).toBeGreaterThan(790);
    expect(await page.locator('#lesson-pane').isVisible()).toBe(false);
    // What the lab covers leaves the tab order too: no focus lands under it (the top bar's controls).
    // Every control of the top bar (the theme and the language switches).
    const topbarSelects = await page.locator('.topbar select').all();
    expect(topbarSelects).toHaveLength(2);
    for (const s of topbarSelects) expect(await s.isVisible()).toBe(false);
    expect(await page.locator('.skip-link').isVisible()).toBe(false);
    await screenshot(page, 'ux-maximised');
    await noViolations('maximised');
    await page.getByRole('button', { name: 'Restore' }).focus();
    await page.keyboard.press('Escape');
    await page.locator('#lesson-pane').waitFor({ state: 'visible' });
    expect((await page.locator('#lab-pane').boundingBox())!.x).toBeGreaterThan(300);
    for (const s of topbarSelects) expect(await s.isVisible()).toBe(true);
    // Ctrl+Shift+F from inside the terminal maximises too (and the shell does not see it).
    await page.getByTestId('terminal-web').locator('.xterm').click();
    await page.keyboard.press('Control+Shift+F');
    await page.getByRole('button', { name: 'Restore' }).waitFor();
    expect(await page.locator('#lesson-pane').isVisible()).toBe(false);
    await page.keyboard.press('Control+Shift+F');
    await page.locator('#lesson-pane').waitFor({ state: 'visible' });
  });

  it('remembers the layout across a reload', async () => {
    await page.reload();
    await page.getByRole('tab', { name: /^client\b/ }).waitFor({ timeout: 30_000 });
    expect(await page.getByRole('separator', { name: 'Resize the lesson and the lab' }).getAttribute('aria-valuenow')).toBe('32');
    expect(await page.getByRole('button', { name: 'Side by side' }).getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByTestId('terminal-web').isVisible()).toBe(true);
    expect(await page.getByTestId('terminal-client').isVisible()).toBe(true);
    // The same shells: what was typed before the reload is still on their screens.
    await waitForTerminal(page, 'client', /second: 48 on client/);
    // A corrupt stored layout is ignored: the defaults, and the page works.
    await page.evaluate(() => localStorage.setItem('opslab.labLayout.v1', '{"lessonPct": "wide", "pair": 7'));
    await page.reload();
    await page.getByRole('tab', { name: /^client\b/ }).waitFor({ timeout: 30_000 });
    expect(await page.getByRole('separator', { name: 'Resize the lesson and the lab' }).getAttribute('aria-valuenow')).toBe('42');
    expect(await page.getByRole('button', { name: 'Side by side' }).getAttribute('aria-pressed')).toBe('false');
    await page.getByRole('button', { name: 'Side by side' }).click();
    await screenshot(page, 'ux-layout-remembered');
  }, 60_000);

  it('extends the lab: its idle stop moves later', async () => {
    const before = await myLab();
    const shownBefore = await page.getByTestId('lab-clock').locator('time').getAttribute('datetime');
    await page.waitForTimeout(1500);
    await page.getByRole('button', { name: /^Extend/ }).click();
    await expect.poll(async () => Date.parse((await myLab()).idleExpiresAt!) - Date.parse(before.idleExpiresAt!), { timeout: 5000 }).toBeGreaterThanOrEqual(1000);
    await expect.poll(async () => Date.parse((await page.getByTestId('lab-clock').locator('time').getAttribute('datetime'))!) - Date.parse(shownBefore!), { timeout: 5000 }).toBeGreaterThanOrEqual(1000);
    expect(await page.getByTestId('lab-clock').textContent()).toMatch(/\(in [89] min\)/);
    await screenshot(page, 'ux-extended');
    await noViolations('extended');
  });

  it('tells a second learner plainly that the platform is full, and when to try again', async () => {
    const other = await openPage(browser, { width: 1280, height: 800 });
    try {
      await other.goto(`${server.url}/exercises/web-serve`);
      await other.getByRole('button', { name: 'Start lab' }).click();
      const note = other.getByTestId('capacity-note');
      await note.waitFor({ timeout: 15_000 });
      expect(await note.textContent()).toMatch(/The platform is full: 1 lab is running\. Try again in about (9|10) minutes\./);
      expect(await note.getAttribute('role')).toBe('alert');
      await note.getByRole('button', { name: 'Try again' }).click();
      await note.getByRole('button', { name: 'Try again' }).waitFor(); // refused again, said again
      await screenshot(other, 'ux-platform-full');
      const found = await axeViolations(other);
      expect(found, JSON.stringify(found, null, 1)).toEqual([]);
    } finally {
      await other.context().close();
    }
  }, 30_000);

  it('types a lesson command into the host it names, through the terminal bus', async () => {
    const send = (req: { text: string; host?: string; run: boolean }) => page.evaluate((r) => (window as unknown as { __opslabSend: (x: unknown) => unknown }).__opslabSend(r), req);
    expect(await send({ host: 'client', text: 'echo "bus: $((40+2)) on $OPSLAB_HOST"', run: true })).toEqual({ ok: true, host: 'client' });
    await waitForTerminal(page, 'client', /bus: 42 on client/);
    expect(await page.getByRole('tab', { name: /^client\b/ }).getAttribute('aria-selected')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.closest('[data-testid]')?.getAttribute('data-testid'))).toBe('terminal-client');
    // Each line of a block is entered; a "copy" leaves the last one at the prompt, not run.
    expect(await send({ host: 'web', text: 'echo "one: $((1))"\necho "two: $((2))"', run: true })).toEqual({ ok: true, host: 'web' });
    await waitForTerminal(page, 'web', /two: 2/);
    expect(await terminalText(page, 'web')).toMatch(/one: 1/);
    expect(await send({ text: 'echo "not run: $((3))"', run: false })).toEqual({ ok: true, host: 'web' });
    await page.waitForTimeout(500);
    expect(await terminalText(page, 'web')).not.toMatch(/not run: 3/);
    await page.keyboard.press('Control+U'); // the learner clears the prompt
    expect(await send({ host: 'nope', text: 'true', run: true })).toEqual({ ok: false, reason: 'no-such-host' });
    // Side by side, the View in use beside client (it took web's pane): a block that names no host
    // goes to the terminal on the screen, and the View stays.
    await page.getByRole('tab', { name: 'View', exact: true }).click();
    expect(await page.getByTestId('terminal-web').isVisible()).toBe(false);
    expect(await send({ text: 'echo "on screen: $((2+3))"', run: true })).toEqual({ ok: true, host: 'client' });
    await waitForTerminal(page, 'client', /on screen: 5/);
    expect(await page.getByTestId('lab-view').isVisible()).toBe(true);
    expect(await page.getByTestId('terminal-client').isVisible()).toBe(true);
    await page.getByLabel('Right pane').selectOption({ label: 'web' });
    await screenshot(page, 'ux-bus-run');
  });

  it('switches hosts and moves between lesson and terminal from the keyboard; "?" lists the shortcuts', async () => {
    // Hosts in tab order: client (1), web (2).
    await page.keyboard.press('Control+Shift+1');
    expect(await page.getByRole('tab', { name: /^client\b/ }).getAttribute('aria-selected')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.closest('[data-testid]')?.getAttribute('data-testid'))).toBe('terminal-client');
    await page.keyboard.press('Control+Shift+2');
    expect(await page.getByRole('tab', { name: /^web\b/ }).getAttribute('aria-selected')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.closest('[data-testid]')?.getAttribute('data-testid'))).toBe('terminal-web');
    await page.keyboard.press('Control+Shift+L');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('lesson-pane');
    // The check shortcut runs the check of the first task not passed yet, and says its verdict.
    await page.keyboard.press('Control+Shift+Enter');
    await page.locator('.tasks-note').getByText(/^“Serve hello”: (passes|not passing yet)$/).waitFor({ timeout: 30_000 });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('lesson-pane');
    await page.keyboard.press('Shift+Slash'); // "?" outside the terminal
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    await screenshot(page, 'ux-shortcuts');
    await noViolations('shortcuts dialog');
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => Boolean(document.activeElement?.closest('dialog')))).toBe(true);
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('lesson-pane');
    await page.keyboard.press('Control+Shift+L');
    expect(await page.evaluate(() => document.activeElement?.closest('[data-testid]')?.getAttribute('data-testid'))).toMatch(/^terminal-/);
  });

  it("turns on xterm's screen-reader mode, remembered", async () => {
    const toggle = page.getByRole('button', { name: 'Screen reader mode' });
    await toggle.click();
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    await page.getByTestId('terminal-web').locator('.xterm-accessibility-tree').waitFor({ state: 'attached' });
    await noViolations('screen-reader mode');
    await page.reload();
    await page.getByTestId('terminal-web').locator('.xterm-accessibility-tree').waitFor({ state: 'attached', timeout: 30_000 });
    await page.getByRole('button', { name: 'Screen reader mode' }).click();
  }, 45_000);

  it('on a phone: the lesson or the lab, and on-screen Ctrl then c interrupts a sleep', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const switcher = page.getByRole('group', { name: 'Show the lesson or the lab' });
    await switcher.waitFor();
    expect(await page.locator('#lab-pane').isVisible()).toBe(false); // the lesson first
    await switcher.getByRole('button', { name: /^Lab/ }).click();
    // Side by side, the two panes would stack: one at a time suits a phone.
    await page.getByRole('button', { name: 'Side by side' }).click();
    await switcher.getByRole('button', { name: 'Lesson' }).click();
    expect(await page.locator('#lab-pane').isVisible()).toBe(false);
    expect(await page.locator('#lesson-pane').isVisible()).toBe(true);
    await screenshot(page, 'ux-phone-lesson');
    await noViolations('phone, lesson');
    await switcher.getByRole('button', { name: /^Lab/ }).click();
    expect(await page.locator('#lesson-pane').isVisible()).toBe(false);
    const keys = page.getByRole('group', { name: 'Terminal keys' });
    await keys.waitFor();
    await typeLine(page, 'web', 'sleep 100');
    await page.waitForTimeout(300);
    await keys.getByRole('button', { name: /^Ctrl/ }).click();
    expect(await keys.getByRole('button', { name: /^Ctrl/ }).getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.type('c'); // from the phone's own keyboard: with the sticky Ctrl, ^C
    expect(await keys.getByRole('button', { name: /^Ctrl/ }).getAttribute('aria-pressed')).toBe('false');
    await page.keyboard.type('echo "after: $((50+5))"', { delay: 5 });
    await page.keyboard.press('Enter');
    await waitForTerminal(page, 'web', /after: 55/, 10_000); // well before the sleep's 100 s
    // The on-screen arrow brings the last command back (readline's history, through the arrow's bytes).
    await keys.getByRole('button', { name: 'Up arrow' }).click();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await terminalText(page, 'web')).match(/after: 55/g)?.length ?? 0, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    const size = (await terminalSize(page, 'web'))!;
    expect(size.cols).toBeLessThan(50); // fitted to the phone's width
    await screenshot(page, 'ux-phone-lab');
    await noViolations('phone, lab');
    expect(cspViolations(page)).toEqual([]);
  }, 60_000);
});
