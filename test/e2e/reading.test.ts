// The reading side in Debian's Chromium against a real `opslab serve` with the local Docker engine, on
// a small course (test/fixtures/curricula/reading: a quiz, then a two-host lab): code blocks with Copy
// (the lab's values filled in) and Run (shell blocks only, off until the lab's terminals listen),
// Check all, the exercise-complete banner, progress on the roadmap and module pages, the check history,
// the display name, dark mode (the system's and the toggle), and axe finding no serious violation on
// any page in either theme. A screenshot of each goes to test-artifacts/e2e/ux-*.png.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, cspViolations, openApp, screenshot, typeLine, waitForTerminal, type OpenApp } from '../helpers/browser.js';
import type { RunningServer } from '../helpers/server.js';

const CURRICULUM = 'test/fixtures/curricula/reading';

/** axe over the page in the light and the dark theme (the system's, emulated), back to light. */
async function expectAccessible(page: Page, what: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    // The whole page, the terminals included: nothing is excluded.
    expect(await axeViolations(page), `${what}, ${colorScheme} theme`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

/** The code block (bar and code) whose code contains `text`. */
const block = (page: Page, text: string | RegExp) => page.locator('.code-block', { has: page.locator('pre code', { hasText: text }) });

/** An element's one line of text in the order it is drawn, left to right (each character where the browser lays it out). */
const visualOrder = (code: Locator) =>
  code.evaluate((el) => {
    const chars: { ch: string; x: number }[] = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      for (let i = 0; i < text.length; i++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const r = range.getBoundingClientRect();
        if (r.width > 0) chars.push({ ch: text[i]!, x: r.left });
      }
    }
    return chars
      .sort((a, b) => a.x - b.x)
      .map((c) => c.ch)
      .join('');
  });

/** The luminance-ish brightness of the page background (0 black … 255 white). */
const backgroundBrightness = (page: Page) =>
  page.evaluate(() => {
    const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+/g)!.map(Number);
    return 0.299 * r! + 0.587 * g! + 0.114 * b!;
  });

describe('the reading side: code blocks, progress, history, name and theme', () => {
  let app: OpenApp;
  let server: RunningServer;
  let page: Page;

  beforeAll(async () => {
    app = await openApp({ curriculum: CURRICULUM });
    ({ server, page } = app);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    page.setDefaultTimeout(15_000); // a step that waits too long says which locator it waited for
  });

  afterAll(() => app?.close());

  it('the roadmap renders summaries as Markdown and shows every exercise not started, the stage at 0 of 2', async () => {
    await page.goto(server.url);
    await page.getByRole('heading', { level: 1, name: 'Reading fixtures' }).waitFor();
    const quizRow = page.locator('.exercise-row', { has: page.getByRole('link', { name: 'A first quiz' }) });
    expect(await quizRow.locator('.exercise-summary code').textContent()).toBe('ipvsadm');
    expect(await quizRow.locator('.exercise-summary em').textContent()).toBe('one');
    expect(await page.locator('.stage-summary code').textContent()).toBe('code');
    await page.getByTestId('state-quiz-first').getByText('Not started').waitFor();
    expect(await page.getByTestId('state-two-hosts').textContent()).toContain('Not started');
    await page.getByRole('progressbar', { name: 'Stage 1, First steps: 0 of 2 done' }).waitFor();
    await page.getByRole('progressbar', { name: 'Module Basics: 0 of 2 done' }).waitFor();
    await screenshot(page, 'ux-roadmap');
    await expectAccessible(page, 'roadmap');
  });

  it('a module lesson offers Copy but no Run: there is no lab to run in', async () => {
    await page.getByRole('link', { name: 'Read the lesson of module Basics' }).click();
    await page.waitForURL(/\/modules\/basics$/);
    const code = block(page, 'from the module lesson');
    await code.getByRole('button', { name: 'Copy' }).click();
    await code.getByRole('status').getByText('Copied').waitFor();
    expect(await clipboard(page)).toBe('echo "from the module lesson"');
    expect(await page.getByRole('button', { name: /^Run/ }).count()).toBe(0);
    // Copy takes what the block shows: what its author hid in it is shown (or, a control character, dropped).
    const hidden = block(page, 'echo "shown"');
    const shown = 'echo "shown" && echo "was hidden" && echo "was clipped"';
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point (textContent holds hidden text too).
    expect(await hidden.locator('pre code').innerText()).toBe(shown);
    expect(await hidden.locator('pre code *').count()).toBe(0);
    await hidden.getByRole('button', { name: 'Copy' }).click();
    await hidden.getByRole('status').getByText('Copied').waitFor();
    expect(await clipboard(page)).toBe(shown);
    // And in the order it is typed: a right-to-left mark (dropped) or right-to-left letters (the block
    // is laid out left to right, as a terminal shows it) would show `mv -- ב א` for `mv -- א ב`.
    for (const [text, typed] of [['printf', 'printf "%s " 111 222'], ['mv --', 'mv -- א ב']] as const) {
      const code = block(page, text);
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point.
      expect((await code.locator('pre code').innerText()).trimEnd()).toBe(typed);
      expect((await visualOrder(code.locator('pre code'))).trimEnd(), text).toBe(typed);
      await code.getByRole('button', { name: 'Copy' }).click();
      await code.getByRole('status').getByText('Copied').waitFor();
      expect(await clipboard(page)).toBe(typed);
    }
    await page.getByRole('progressbar', { name: 'Module Basics: 0 of 2 done' }).waitFor();
    await screenshot(page, 'ux-module');
    await expectAccessible(page, 'module page');
  });

  it('an exercise without a lab: a console block copies its commands only; answering completes it, with what is next', async () => {
    await page.getByRole('link', { name: 'A first quiz' }).click();
    await page.waitForURL(/\/exercises\/quiz-first$/);
    const session = block(page, 'ipvsadm -Ln\nIP Virtual Server');
    await session.getByRole('button', { name: 'Copy' }).click();
    await session.getByRole('status').getByText('Copied').waitFor();
    expect(await clipboard(page)).toBe('ipvsadm -Ln');
    expect(await page.getByRole('button', { name: /^Run/ }).count()).toBe(0);
    await expectAccessible(page, 'exercise without a lab');

    await page.getByRole('textbox', { name: 'Which tool manages the IPVS table?' }).fill('ipvsadm');
    await page.getByRole('button', { name: 'Submit your answer to "The IPVS tool"' }).click();
    const done = page.getByRole('region', { name: 'Exercise complete' });
    await done.waitFor();
    expect(await done.textContent()).toContain('All 1 task pass.');
    await done.getByRole('link', { name: 'Two hosts' }).waitFor();
    await screenshot(page, 'ux-quiz-complete');
    await expectAccessible(page, 'exercise without a lab, complete');
  });

  it('before the lab starts: Run is offered on shell blocks only, off with its reason; Copy copies a placeholder as shown', async () => {
    await page.getByRole('region', { name: 'Exercise complete' }).getByRole('link', { name: 'Two hosts' }).click();
    await page.waitForURL(/\/exercises\/two-hosts$/);
    await page.getByRole('button', { name: 'Start lab' }).waitFor();

    const onDirector = block(page, 'lesson ran on');
    const active = block(page, 'lesson ran in the active terminal');
    const onClient = block(page, 'client sees');
    const ini = block(page, '[lab]');
    expect(await onDirector.locator('.code-label').textContent()).toBe('sh @director');
    const runs = [onDirector.getByRole('button', { name: 'Run on director' }), active.getByRole('button', { name: 'Run', exact: true }), onClient.getByRole('button', { name: 'Run on client' })];
    for (const run of runs) expect(await run.getAttribute('aria-disabled')).toBe('true');
    expect(await ini.getByRole('button').allTextContents()).toEqual(['Copy']);
    expect(await block(page, 'client ---> director').getByRole('button').allTextContents()).toEqual(['Copy']);
    // A transcript without a mark whose prompts name a lab host runs on that host.
    const transcript = block(page, 'prompt says');
    expect(await transcript.getByRole('button').allTextContents()).toEqual(['Copy', 'Run on director']);
    // The task text's block names its host too.
    expect(await page.getByTestId('task-hello').getByRole('button', { name: 'Run on director' }).getAttribute('aria-disabled')).toBe('true');

    // Off but focusable (aria-disabled): pressed from the keyboard, it says why.
    await runs[0]!.focus();
    await page.keyboard.press('Enter');
    await onDirector.getByRole('status').getByText(/Start the lab first/).waitFor();
    await onDirector.getByRole('button', { name: 'Copy' }).click();
    await onDirector.getByRole('status').getByText('Copied').waitFor();
    expect(await clipboard(page)).toBe('echo "lesson ran on $OPSLAB_HOST, director is {{ip.director}}"');
    expect(await page.getByRole('button', { name: 'Check all' }).isDisabled()).toBe(true);
    await screenshot(page, 'ux-run-before-start');
    await expectAccessible(page, 'exercise with a lab, before start');
  });

  it('once the lab runs, Copy puts the filled command on the clipboard', async () => {
    await page.getByRole('button', { name: 'Start lab' }).click();
    await page.getByRole('tab', { name: /^director\b/ }).waitFor({ timeout: 120_000 });
    await page.getByRole('tab', { name: /^client\b/ }).waitFor();
    const directorIp = (await page.locator('.reading-pane .ph-filled[title="ip.director"]').first().textContent())!;
    expect(directorIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);

    const onDirector = block(page, 'lesson ran on');
    await onDirector.getByRole('button', { name: 'Copy' }).click();
    await onDirector.getByRole('status').getByText('Copied').waitFor();
    expect(await clipboard(page)).toBe(`echo "lesson ran on $OPSLAB_HOST, director is ${directorIp}"`);
    const onClient = block(page, 'client sees');
    await onClient.getByRole('button', { name: 'Copy' }).click();
    await onClient.getByRole('status').getByText('Copied').waitFor();
    expect(await clipboard(page)).toBe(`echo "client sees ${directorIp}"`);
    await block(page, 'prompt says').getByRole('button', { name: 'Copy' }).click();
    await block(page, 'prompt says').getByRole('status').getByText('Copied').waitFor();
    expect(await clipboard(page)).toBe('echo "prompt says $OPSLAB_HOST"');
    // Run turns on when the lab's terminals take requests (the terminal bus).
    expect(await onDirector.getByRole('button', { name: 'Run on director' }).getAttribute('aria-disabled')).toBeNull();
    await screenshot(page, 'ux-copy-filled');
    await expectAccessible(page, 'exercise with a lab, ready');
  }, 150_000);

  describe('Run types into the terminal the block names', () => {
    it('Run on director types into director’s terminal; an unmarked block into the one in use', async () => {
      await waitForTerminal(page, 'director', /[#$]\s*$/m, 30_000);
      await block(page, 'lesson ran on').getByRole('button', { name: 'Run on director' }).click();
      await waitForTerminal(page, 'director', /lesson ran on director, director is \d+\.\d+\.\d+\.\d+/);
      await block(page, 'lesson ran on').getByRole('status').getByText('Sent to director’s terminal').waitFor();

      await page.getByRole('tab', { name: /^client\b/ }).click();
      await waitForTerminal(page, 'client', /[#$]\s*$/m, 30_000);
      await block(page, 'lesson ran in the active terminal').getByRole('button', { name: 'Run', exact: true }).click();
      await waitForTerminal(page, 'client', /lesson ran in the active terminal on client/);
      // A console block runs its commands without the prompt or the output lines.
      await block(page, 'client sees').getByRole('button', { name: 'Run on client' }).click();
      await waitForTerminal(page, 'client', /^client sees \d+\.\d+\.\d+\.\d+\s*$/m);
      // A transcript's prompt names its host: back on director, only the command.
      await block(page, 'prompt says').getByRole('button', { name: 'Run on director' }).click();
      await waitForTerminal(page, 'director', /^prompt says director\s*$/m);
      await screenshot(page, 'ux-run-in-terminal');
    }, 60_000);
  });

  it('Check all shows each task’s result; the run-check shortcut checks the first task not passed', async () => {
    await page.getByRole('button', { name: 'Check all' }).click();
    await page.getByRole('status').getByText('1 of 2 checked tasks pass.').waitFor({ timeout: 30_000 });
    await page.getByTestId('task-hello').getByText('no /tmp/hello on the director yet').waitFor();
    await page.getByTestId('task-reach').locator('.check-pass').getByText(/the director is \d+/).waitFor();
    await page.getByRole('progressbar', { name: 'Tasks: 1 of 2 done' }).waitFor();
    await screenshot(page, 'ux-check-all');

    // Pressed again while that check runs: one run, as the Check button (disabled meanwhile) would make.
    await page.keyboard.press('Control+Shift+Enter');
    await page.keyboard.press('Control+Shift+Enter');
    await page.getByRole('status').getByText('“Leave a file”: not passing yet').waitFor({ timeout: 30_000 });
    await page.getByTestId('task-hello').locator('.check-fail').waitFor();
  }, 60_000);

  it('after the learner solves it, Check all passes every task and the exercise is complete', async () => {
    await page.getByRole('tab', { name: /^director\b/ }).click();
    await waitForTerminal(page, 'director', /[#$]\s*$/m, 30_000);
    await typeLine(page, 'director', 'touch /tmp/hello && echo "made: $((40+2))"');
    await waitForTerminal(page, 'director', /made: 42/);
    await page.getByRole('button', { name: 'Check all' }).click();
    await page.getByRole('status').getByText('All 2 checked tasks pass.').waitFor({ timeout: 30_000 });
    const done = page.getByRole('region', { name: 'Exercise complete' });
    await done.waitFor();
    expect(await done.textContent()).toContain('All 2 tasks pass.');
    expect(await done.textContent()).toContain('That was the last exercise of the course.');
    await page.getByRole('progressbar', { name: 'Tasks: 2 of 2 done' }).waitFor();
    await done.scrollIntoViewIfNeeded();
    await screenshot(page, 'ux-exercise-complete');
    await expectAccessible(page, 'exercise complete');
  }, 60_000);

  it('the check history lists the runs, newest first: time, task, status and message', async () => {
    const history = page.getByRole('group').filter({ has: page.getByText('Your check history') });
    await page.getByText('Your check history').click();
    const rows = history.getByRole('row');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(4); // the header and three runs
    const cells = async (i: number) => (await rows.nth(i).getByRole('cell').allTextContents()).slice(1);
    expect(await cells(1)).toEqual(['All tasks', 'Passed', 'All 2 check(s) passed.']);
    expect(await cells(2)).toEqual(['Leave a file', 'Not yet', 'no /tmp/hello on the director yet: create it (touch /tmp/hello)']);
    expect((await cells(3)).slice(0, 2)).toEqual(['All tasks', 'Not yet']);
    expect(await rows.nth(1).getByRole('cell').first().textContent()).toMatch(/\d/);
    await history.scrollIntoViewIfNeeded();
    await screenshot(page, 'ux-history');
    await expectAccessible(page, 'exercise with the history open');
  });

  it('the roadmap shows both exercises done and the stage at 2 of 2', async () => {
    await page.getByRole('link', { name: 'opslab: the roadmap' }).click();
    await page.getByRole('heading', { level: 1, name: 'Reading fixtures' }).waitFor();
    await page.getByTestId('state-two-hosts').getByText('Done').waitFor();
    expect(await page.getByTestId('state-quiz-first').textContent()).toContain('Done');
    await page.getByRole('progressbar', { name: 'Stage 1, First steps: 2 of 2 done' }).waitFor();
    expect(await page.locator('.stage-meter').textContent()).toContain('2 of 2 done');
    await screenshot(page, 'ux-roadmap-done');
    await expectAccessible(page, 'roadmap with progress');
  });

  it('a display name is checked, saved and shown in the top bar', async () => {
    await page.getByRole('button', { name: 'Set your name' }).click();
    const field = page.getByRole('textbox', { name: 'Display name' });
    await field.fill('<b>Ada</b>');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('alert').getByText('No < or >, and no control or invisible characters, please.').waitFor();
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'ux-name-error');
    await expectAccessible(page, 'display name form with an error');

    await field.fill('Ada L.');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: 'Your name: Ada L. (change)' }).waitFor();
    expect(await page.locator('.topbar').textContent()).toContain('Ada L.');
    expect(await page.evaluate(async () => (await (await fetch('/api/me')).json()).displayName)).toBe('Ada L.');
    await screenshot(page, 'ux-name-set');
    await page.reload();
    await page.getByRole('button', { name: 'Your name: Ada L. (change)' }).waitFor();
  });

  it('dark mode follows the system, and the top bar’s choice overrides it and is remembered', async () => {
    const theme = page.getByRole('combobox', { name: 'Colour theme' });
    expect(await theme.inputValue()).toBe('system');
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await backgroundBrightness(page)).toBeLessThan(60);
    await screenshot(page, 'ux-dark-system');

    await theme.selectOption('light');
    expect(await backgroundBrightness(page)).toBeGreaterThan(200);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Reading fixtures' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    expect(await backgroundBrightness(page)).toBeGreaterThan(200);
    await screenshot(page, 'ux-light-chosen');

    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByRole('combobox', { name: 'Colour theme' }).selectOption('dark');
    expect(await backgroundBrightness(page)).toBeLessThan(60);
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme)).toBe('dark');
    await screenshot(page, 'ux-dark-chosen');
    expect(await axeViolations(page), 'roadmap, dark chosen').toEqual([]);
    await page.goto(`${server.url}/exercises/two-hosts`);
    await page.getByRole('tab', { name: /^director\b/ }).waitFor({ timeout: 30_000 });
    await screenshot(page, 'ux-dark-exercise');
    expect(await axeViolations(page), 'exercise, dark chosen').toEqual([]);

    await page.getByRole('combobox', { name: 'Colour theme' }).selectOption('system');
    expect(await page.evaluate(() => localStorage.getItem('opslab.theme'))).toBeNull();
    expect(await backgroundBrightness(page)).toBeGreaterThan(200);
  }, 60_000);

  it('the not-found and admin console pages pass axe in both themes', async () => {
    await page.goto(`${server.url}/no/such/page`);
    await page.getByRole('heading', { name: 'Nothing here' }).waitFor();
    await expectAccessible(page, 'not-found page');
    await page.goto(`${server.url}/admin/console`);
    await page.getByRole('heading', { name: 'Engine console' }).waitFor();
    await screenshot(page, 'ux-admin-console');
    await expectAccessible(page, 'admin console page');
  });

  it('did all of it under the Content-Security-Policy without breaking a rule', () => {
    expect(cspViolations(page)).toEqual([]);
  });
});
