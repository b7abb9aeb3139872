// A course whose every Markdown field carries script (<script>, <img onerror>, an iframe srcdoc, SVG
// event attributes, javascript: links): in Debian's Chromium against a real `opslab serve`, none of it
// runs, no javascript: link survives, external links get rel="noopener noreferrer", and the page
// breaks no rule of the server's Content-Security-Policy (the sanitizer removed the script before
// the CSP had to block it), while the lesson, hints and quiz still work.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cspViolations, openApp, screenshot, type OpenApp } from '../helpers/browser.js';
import type { RunningServer } from '../helpers/server.js';

const CURRICULUM = 'test/fixtures/curricula/hostile-html';

/** What the fixture's payloads set, if any ran (each names where it came from). */
const pwned = (page: Page) => page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);

/** Every link in rendered Markdown: its text, href and rel. */
const proseLinks = (page: Page) =>
  page.$$eval('.prose a, .task-title a', (as) => as.map((a) => ({ text: a.textContent ?? '', href: a.getAttribute('href'), rel: a.getAttribute('rel') })));

/** Give failed image loads (onerror), SVG animations and iframes time to fire. */
const settle = (page: Page) => page.waitForTimeout(1_500);

describe('a hostile course cannot run script in the learner\'s browser', () => {
  let app: OpenApp;
  let server: RunningServer;
  let page: Page;

  beforeAll(async () => {
    app = await openApp({ curriculum: CURRICULUM });
    ({ server, page } = app);
  });

  afterAll(() => app?.close());

  it('serves the app under a Content-Security-Policy', async () => {
    const res = await page.goto(server.url);
    expect(res?.headers()['content-security-policy']).toMatch(/script-src 'self'(;|$)/);
    await page.getByRole('heading', { level: 1, name: 'Hostile HTML fixture' }).waitFor();
  });

  it('shows a summary the Markdown renderer cannot take (quotes nested 10 000 deep) as its text, and the rest of the page', async () => {
    // Before, the renderer's stack overflow unmounted the whole app: a blank page for every learner.
    await page.locator('.stage-summary', { hasText: 'Nested too deep to render.' }).waitFor();
    expect((await page.locator('.stage-summary').textContent())?.trim()).toBe(`${'>'.repeat(10_000)} Nested too deep to render.`);
    await page.getByRole('link', { name: 'Read the lesson of module Introduction' }).waitFor();
  });

  it('renders the module lesson without running its script', async () => {
    await page.getByRole('link', { name: 'Read the lesson of module Introduction' }).click();
    await page.waitForURL(/\/modules\/intro$/);
    await page.getByRole('heading', { name: 'Module lesson' }).waitFor();
    await settle(page);
    expect(await pwned(page)).toBeUndefined();
    expect(await page.locator('.prose iframe, .prose script, .prose [onerror]').count()).toBe(0);
    for (const link of await proseLinks(page)) expect(link.href ?? '', link.text).not.toMatch(/^\s*javascript:/i);
    // Inline styles are dropped so that a lesson cannot lay a fake dialog over the page; the app's own
    // classes (the maximised lab: fixed, the whole viewport, the top bar hidden) must not do it either.
    const fake = page.getByText('A fake dialog over the whole page', { exact: false });
    await fake.waitFor();
    expect(await fake.evaluate((el) => getComputedStyle(el).position)).not.toBe('fixed');
    expect(await page.locator('.prose [class]').evaluateAll((els) => els.map((e) => e.className).filter((c) => !/^(language-[\w+#.-]+|ph ph-(filled|pending))$/.test(c)))).toEqual([]);
    await page.getByRole('link', { name: 'opslab: the roadmap' }).waitFor();
  });

  it('renders the exercise lesson, task title and text without running their script', async () => {
    await page.getByRole('link', { name: 'A quiz by a hostile author' }).click();
    await page.waitForURL(/\/exercises\/xss-quiz$/);
    await page.getByRole('heading', { name: 'Lesson with hostile HTML' }).waitFor();
    // The Markdown itself still renders.
    await page.locator('.prose strong', { hasText: 'bold' }).waitFor();
    await page.locator('.prose pre code', { hasText: '$ echo kept' }).waitFor();
    await page.getByTestId('task-q1').getByText('Task text.').waitFor();
    await page.getByText('hover', { exact: true }).hover();
    await settle(page);
    expect(await pwned(page)).toBeUndefined();
    expect(await page.locator('iframe, object, embed, svg animate, [onerror], [onmouseover], [onbegin]').count()).toBe(0);
    await screenshot(page, 'hostile-01-lesson');
  });

  it('keeps no javascript: link, and external links open without a referrer or an opener', async () => {
    const links = await proseLinks(page);
    expect(links.map((l) => l.text)).toEqual(expect.arrayContaining(['A javascript link', 'A raw javascript link', 'A mixed-case javascript link', 'An external link', 'A same-origin link']));
    for (const link of links) expect(link.href ?? '', link.text).not.toMatch(/^\s*javascript:/i);
    const external = links.find((l) => l.text === 'An external link')!;
    expect(external.href).toBe('https://example.org/docs');
    expect((external.rel ?? '').split(/\s+/).sort()).toEqual(['noopener', 'noreferrer']);
    const internal = links.find((l) => l.text === 'A same-origin link')!;
    expect(internal.href).toBe('/modules/intro');
    expect(internal.rel).toBeNull();
    // Clicking what is left of the javascript: links does nothing.
    for (const text of ['A javascript link', 'A raw javascript link', 'A mixed-case javascript link']) await page.getByText(text, { exact: true }).click();
    await settle(page);
    expect(await pwned(page)).toBeUndefined();
    expect(page.url()).toMatch(/\/exercises\/xss-quiz$/);
  });

  it('reveals a hostile hint and grades the quiz, whose hostile explanation runs nothing either', async () => {
    const task = page.getByTestId('task-q1');
    await task.getByRole('button', { name: /^Show hint 1 of 1/ }).click();
    await task.getByText('A hint.').waitFor();
    await task.getByRole('textbox', { name: 'Which tool manages the IPVS table?' }).fill('ipvsadm');
    await task.getByRole('button', { name: /Submit your answer/ }).click();
    await task.getByText('Correct.').waitFor();
    await task.getByText('ipvsadm.').waitFor();
    await settle(page);
    expect(await pwned(page)).toBeUndefined();
    expect(await task.locator('[onerror], a[href^="javascript:" i]').count()).toBe(0);
    await screenshot(page, 'hostile-02-quiz');
  });

  it('broke no Content-Security-Policy rule: the sanitizer removed the script, the CSP did not have to', async () => {
    expect(cspViolations(page)).toEqual([]);
    // And the CSP is enforced (so the line above means something): an inline script is refused and reported.
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__pwned = "inline"';
      document.body.append(s);
    });
    await expect.poll(() => cspViolations(page).length, { timeout: 5_000 }).toBeGreaterThan(0);
    expect(await pwned(page)).toBeUndefined();
  });
});
