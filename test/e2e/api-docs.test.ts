// /api/docs in Chromium: Swagger UI renders the operations from /api/docs/json under the app's own
// strict Content-Security-Policy, with no violation reported, and passes the axe check.
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/app.js';
import { axeViolations, cspViolations, launchBrowser, openPage, screenshot } from '../helpers/browser.js';
import { freePort } from '../helpers/server.js';

describe('the API documentation page (/api/docs)', () => {
  let app: FastifyInstance;
  let browser: Browser;
  let page: Page;
  let url: string;

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    app = await buildTestApp({ publicUrls: [url] });
    await app.listen({ port, host: '127.0.0.1' });
    browser = await launchBrowser();
    page = await openPage(browser);
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('shows every tag and its operations under the strict CSP, with no violation', async () => {
    const res = await page.goto(`${url}/api/docs`);
    expect(res?.status()).toBe(200);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self';");
    await page.getByRole('heading', { name: /opslab API/ }).waitFor({ timeout: 20_000 });
    // The operations, from the spec the page fetched (its summaries are the route schemas').
    const start = page.locator('.opblock-post', { hasText: 'Start a lab of an exercise' });
    await start.waitFor({ timeout: 20_000 });
    await expect(page.locator('.opblock').count()).resolves.toBeGreaterThanOrEqual(25);
    for (const tag of ['course', 'labs', 'lab view', 'terminal', 'grader', 'admin', 'operations']) {
      await expect(page.locator(`.opblock-tag[data-tag="${tag}"]`).count(), tag).resolves.toBe(1);
    }
    await screenshot(page, 'ux-api-docs');
    expect(await axeViolations(page)).toEqual([]);
    // Open one: its body schema, example and responses render.
    await start.locator('.opblock-summary').click();
    await start.locator('.opblock-body').getByText('exercise').first().waitFor();
    await start.scrollIntoViewIfNeeded();
    await screenshot(page, 'ux-api-docs-operation');
    expect(await axeViolations(page)).toEqual([]);
    expect(cspViolations(page)).toEqual([]);
  });

  it('runs a request from the page ("Try it out") under the same policy', async () => {
    const live = page.locator('.opblock-get', { hasText: 'Liveness' });
    await live.locator('.opblock-summary').click();
    await live.getByRole('button', { name: 'Try it out' }).click();
    await live.getByRole('button', { name: 'Execute' }).click();
    await live.locator('.live-responses-table .response-col_status', { hasText: '200' }).first().waitFor({ timeout: 10_000 });
    await expect(live.locator('.live-responses-table .microlight').first().textContent()).resolves.toContain('"status": "ok"');
    await screenshot(page, 'ux-api-docs-try');
    expect(await axeViolations(page)).toEqual([]);
    expect(cspViolations(page)).toEqual([]);
  });
});
