// The learner's path through one exercise, in Debian's Chromium against a real `opslab serve` with
// the local Docker engine: roadmap → exercise → start the lab → a terminal per host → Check fails
// with the checker's message → solve it in the terminal → Check passes → reload keeps the same
// shell → resizing the page resizes the shell's tty, all under the server's Content-Security-Policy
// (xterm.js, its renderer and the terminal websocket break none of its rules). A screenshot of each step goes to test-artifacts/e2e/.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cspViolations, openApp, screenshot, terminalSize, typeLine, waitForTerminal, type OpenApp } from '../helpers/browser.js';
import type { RunningServer } from '../helpers/server.js';

const CURRICULUM = 'test/fixtures/curricula/labs';

describe('a learner solves web-serve in the browser', () => {
  let app: OpenApp;
  let server: RunningServer;
  let page: Page;

  beforeAll(async () => {
    app = await openApp({ curriculum: CURRICULUM });
    ({ server, page } = app);
  });

  afterAll(() => app?.close());

  it('shows the roadmap with the exercise, its difficulty and time', async () => {
    await page.goto(server.url);
    await page.getByRole('heading', { level: 1, name: 'Lab fixtures' }).waitFor();
    const link = page.getByRole('link', { name: 'Serve a page to the client' });
    await link.waitFor();
    const row = page.locator('.exercise-row', { has: link });
    expect(await row.textContent()).toMatch(/min/);
    await screenshot(page, '01-roadmap');
  });

  it('opens the exercise: the lesson beside a lab that is not started yet', async () => {
    await page.getByRole('link', { name: 'Serve a page to the client' }).click();
    await page.waitForURL(/\/exercises\/web-serve$/);
    await page.getByRole('button', { name: 'Start lab' }).waitFor();
    await page.getByTestId('task-serve').waitFor();
    expect(await page.getByRole('button', { name: 'Check task "Serve hello"' }).isDisabled()).toBe(true);
    await screenshot(page, '02-exercise');
  });

  it('starts the lab, shows its progress, then one terminal tab per host', async () => {
    await page.getByRole('button', { name: 'Start lab' }).click();
    await page.getByText(/Starting your lab|Starting…/).first().waitFor({ timeout: 10_000 }).catch(() => undefined);
    await screenshot(page, '03-starting');
    await page.getByRole('tab', { name: /^web\b/ }).waitFor({ timeout: 180_000 });
    await page.getByRole('tab', { name: /^client\b/ }).waitFor();
    // The lesson's placeholders are filled with the lab's addresses once it runs.
    await page.locator('.reading-pane .ph-filled').first().waitFor();
    await screenshot(page, '04-ready');
  }, 200_000);

  it('Check says what is wrong before the task is done', async () => {
    const task = page.getByTestId('task-serve');
    await task.getByRole('button', { name: 'Check task "Serve hello"' }).click();
    await task.getByText(/nothing answers HTTP on web \(\d+\.\d+\.\d+\.\d+\)/).waitFor({ timeout: 30_000 });
    expect(await task.locator('.check-fail').count()).toBe(1);
    await screenshot(page, '05-check-fails');
  }, 40_000);

  it('runs a command in the web host terminal and shows its output', async () => {
    await page.getByRole('tab', { name: /^web\b/ }).click();
    await waitForTerminal(page, 'web', /[#$]\s*$/m, 30_000); // a prompt
    await typeLine(page, 'web', 'echo "answer: $((6*7)) from $OPSLAB_HOST"');
    await waitForTerminal(page, 'web', /answer: 42 from web/);
    await screenshot(page, '06-terminal');
  }, 60_000);

  it('after the learner solves it in the terminal, Check passes', async () => {
    await typeLine(page, 'web', 'echo hello > /var/www/html/index.html; nginx; echo "started: $((40+2))"');
    await waitForTerminal(page, 'web', /started: 42/);
    const task = page.getByTestId('task-serve');
    await task.getByRole('button', { name: 'Check task "Serve hello"' }).click();
    await task.getByText('web says hello').waitFor({ timeout: 30_000 });
    expect(await task.locator('.check-pass').count()).toBe(1);
    await screenshot(page, '07-check-passes');
  }, 60_000);

  it('a reload finds the same shell, with its variables and screen', async () => {
    await typeLine(page, 'web', 'export FOO=bar42');
    await page.waitForTimeout(300);
    await page.reload();
    await page.getByRole('tab', { name: /^web\b/ }).waitFor({ timeout: 30_000 });
    await waitForTerminal(page, 'web', /answer: 42 from web/, 20_000); // restored from the snapshot
    await typeLine(page, 'web', 'echo "FOO is $FOO"');
    await waitForTerminal(page, 'web', /FOO is bar42/);
    await screenshot(page, '08-after-reload');
  }, 60_000);

  it('resizing the page resizes the shell tty', async () => {
    await typeLine(page, 'web', 'echo "size1: $(stty size)"');
    const [, rows1, cols1] = (await waitForTerminal(page, 'web', /size1: (\d+) (\d+)/)).map(Number);
    const before = await terminalSize(page, 'web');
    expect({ rows: rows1, cols: cols1 }).toEqual({ rows: before?.rows, cols: before?.cols });

    await page.setViewportSize({ width: 820, height: 1180 });
    await expect.poll(async () => (await terminalSize(page, 'web'))?.cols, { timeout: 5_000 }).not.toBe(before?.cols);
    const after = await terminalSize(page, 'web');
    await typeLine(page, 'web', 'echo "size2: $(stty size)"');
    const [, rows2, cols2] = (await waitForTerminal(page, 'web', /size2: (\d+) (\d+)/)).map(Number);
    expect({ rows: rows2, cols: cols2 }).toEqual({ rows: after?.rows, cols: after?.cols });
    expect(cols2).not.toBe(cols1);
    await screenshot(page, '09-tablet');
  }, 60_000);

  it('stays usable when the shell prints escape sequences with huge counts', async () => {
    // Each of these made xterm.js in the tab loop two billion times (scrolls, inserted lines, tabs)
    // or ask for 8 GB (a repeated character): the tab froze for good. The server's copy of the
    // screen bounds them too (test/terminal/screen-sequences.test.ts); this is the browser's.
    const huge = ['S', 'T', 'L', 'M', 'I', 'Z'].map((f) => `\\e[2147483647${f}`).join('');
    await typeLine(page, 'web', `printf 'x${huge}a\\e[2147483647b\\n'; echo "bounded: $((40+2))"`);
    await waitForTerminal(page, 'web', /bounded: 42/, 15_000);
    // The tab still takes and shows the next command.
    await typeLine(page, 'web', 'clear; echo "still here: $((6*7))"');
    await waitForTerminal(page, 'web', /still here: 42/, 15_000);
  }, 60_000);

  it('did all of it under the Content-Security-Policy without breaking a rule', async () => {
    const res = await page.request.get(server.url);
    expect(res.headers()['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
    expect(cspViolations(page)).toEqual([]);
  });
});
