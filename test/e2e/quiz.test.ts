// A quiz-only exercise in the browser: no lab pane, answers graded inline with the explanation,
// and the module lesson readable from the roadmap.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cspViolations, openApp, screenshot, type OpenApp } from '../helpers/browser.js';
import type { RunningServer } from '../helpers/server.js';

describe('a learner answers a quiz in the browser', () => {
  let app: OpenApp;
  let server: RunningServer;
  let page: Page;

  beforeAll(async () => {
    app = await openApp({ curriculum: 'test/fixtures/curricula/good', viewport: { width: 820, height: 1180 } });
    ({ server, page } = app);
  });

  afterAll(() => app?.close());

  it('reads a module lesson from the roadmap', async () => {
    await page.goto(server.url);
    await page.getByRole('link', { name: 'Read the lesson of module Introduction' }).click();
    await page.waitForURL(/\/modules\/intro$/);
    await page.getByRole('link', { name: 'A quiz' }).waitFor();
    await screenshot(page, 'quiz-01-module');
  });

  it('shows a quiz exercise without a lab pane', async () => {
    await page.getByRole('link', { name: 'A quiz' }).click();
    await page.waitForURL(/\/exercises\/quiz-ex$/);
    await page.getByRole('heading', { name: 'Tasks' }).waitFor();
    expect(await page.getByRole('region', { name: 'Lab' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Start lab' }).count()).toBe(0);
  });

  it('grades answers inline: incorrect, then correct with the explanation', async () => {
    const task = page.getByTestId('task-q1');
    const field = task.getByRole('textbox', { name: 'Which tool manages the IPVS table?' });
    await field.fill('iptables');
    await task.getByRole('button', { name: /Submit your answer/ }).click();
    await task.getByText('Not quite.').waitFor();
    await field.fill('ipvsadm');
    await task.getByRole('button', { name: /Submit your answer/ }).click();
    await task.getByText('Correct.').waitFor();
    await task.getByText("ipvsadm talks to the kernel's IPVS.").waitFor();
    expect(await task.locator('.task-number').textContent()).toBe('✓');
    await screenshot(page, 'quiz-02-answered');
  });

  it('broke no Content-Security-Policy rule', () => {
    expect(cspViolations(page)).toEqual([]);
  });
});
