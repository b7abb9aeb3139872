// The Preview tab in Debian's Chromium against a real `opslab serve` on the local engine: a learner
// serves a page from the web host (typed into its terminal), then previews it from the client: the
// page is rendered, its script does not run (the frame is sandboxed), the raw toggle shows its
// source, and a refused port says so. All under the app's Content-Security-Policy, and axe-clean.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, cspViolations, openApp, screenshot, typeLine, waitForTerminal, type OpenApp } from '../helpers/browser.js';

const CURRICULUM = 'test/fixtures/curricula/labs';
/** axe checks the whole page, the Preview tab and what it shows included. */
const AXE = {};
/** A page whose script, if it ran, would change its title and heading, and the app's title through its parent. */
const PAGE = `<!doctype html><title>lab page</title><h1 id=h>Hello from the lab</h1><p>served by web</p><script>document.title='script ran';document.getElementById('h').textContent='script ran';try{parent.document.title='pwned'}catch(e){}</script>`;

describe('the Preview tab shows a lab web page as a lab client sees it', () => {
  let app: OpenApp;
  let page: Page;
  let appTitle: string;

  beforeAll(async () => {
    app = await openApp({ curriculum: CURRICULUM, viewport: { width: 1400, height: 1000 } });
    page = app.page;
    await page.goto(`${app.server.url}/exercises/web-serve`);
    await page.getByRole('button', { name: 'Start lab' }).click();
    await page.getByRole('tab', { name: /^web\b/ }).waitFor({ timeout: 180_000 });
    appTitle = await page.title();
  }, 200_000);

  afterAll(() => app?.close());

  it('serves a page with a script from the web host, typed into its terminal', async () => {
    await page.getByRole('tab', { name: /^web\b/ }).click();
    await waitForTerminal(page, 'web', /[#$]\s*$/m, 30_000);
    await typeLine(page, 'web', 'set +H'); // no history expansion of the page's "<!doctype"
    await typeLine(page, 'web', `cat > /var/www/html/index.html <<'EOF'\n${PAGE}\nEOF\nnginx && echo "serving: $?"`);
    await waitForTerminal(page, 'web', /serving: 0/);
  }, 60_000);

  it('fetches it through the client and renders it without running its script', async () => {
    await page.getByRole('tab', { name: /Preview/ }).click();
    const panel = page.getByTestId('lab-preview');
    await expect.poll(() => panel.getByLabel('From host').inputValue()).toBe('client');
    // The lab has a VIP: it is the first URL offered.
    await expect.poll(() => panel.getByLabel('URL').inputValue()).toMatch(/^http:\/\/10\.\d+\.\d+\.100\/$/);
    await panel.getByLabel('URL').fill('http://web/');
    await panel.getByRole('button', { name: 'Fetch' }).click();
    const status = panel.getByRole('status');
    await status.getByText('HTTP/1.1 200 OK').waitFor({ timeout: 20_000 });
    expect(await status.textContent()).toMatch(/#1 HTTP\/1\.1 200 OK · \d+ ms · \d+ B · text\/html/);

    const frame = panel.locator('iframe.preview-frame');
    expect(await frame.getAttribute('sandbox')).toBe('');
    const doc = page.frameLocator('iframe.preview-frame');
    await doc.locator('p', { hasText: 'served by web' }).waitFor();
    // The script did not run: the heading and both titles are as served.
    expect(await doc.locator('h1').textContent()).toBe('Hello from the lab');
    expect(await doc.locator('title').textContent()).toBe('lab page');
    expect(await page.title()).toBe(appTitle);
    expect(cspViolations(page)).toEqual([]);
    await screenshot(page, 'ux-preview');
    expect(await axeViolations(page, AXE)).toEqual([]);
  }, 60_000);

  it('shows the source with the raw toggle, and the headers on demand', async () => {
    const panel = page.getByTestId('lab-preview');
    await panel.getByRole('button', { name: 'Show the source' }).click();
    const source = panel.getByRole('region', { name: 'Body' });
    await source.waitFor();
    expect(await source.textContent()).toBe(`${PAGE}\n`);
    expect(await panel.locator('iframe').count()).toBe(0);
    await panel.getByText(/^Headers \(\d+\)$/).click();
    await panel.getByText('nginx/1.22.1').or(panel.locator('dd', { hasText: /^nginx/ })).first().waitFor();
    await screenshot(page, 'ux-preview-source');
    expect(await axeViolations(page, AXE)).toEqual([]);
    await panel.getByRole('button', { name: 'Show the page' }).click();
    await page.frameLocator('iframe.preview-frame').locator('h1').waitFor();
  }, 30_000);

  it('fetches again, and says plainly when nothing listens', async () => {
    const panel = page.getByTestId('lab-preview');
    await panel.getByRole('button', { name: 'Fetch again' }).click();
    await panel.getByRole('status').getByText(/^#2 /).waitFor({ timeout: 20_000 });
    await panel.getByLabel('URL').fill('http://web:8081/');
    await panel.getByRole('button', { name: 'Fetch again' }).click();
    await panel.getByRole('status').getByText('Connection refused: nothing listens on web port 8081 (as seen from client), or a firewall rejects it.').waitFor({ timeout: 20_000 });
    expect(await panel.getByRole('listitem').count()).toBe(3);
    await screenshot(page, 'ux-preview-refused');
    expect(await axeViolations(page, AXE)).toEqual([]);
    // The lab pane is dark in both themes: in the dark one too, its status reads (and the tab's mark shows).
    await page.emulateMedia({ colorScheme: 'dark' });
    try {
      const found = await axeViolations(page, AXE);
      expect(found, JSON.stringify(found, null, 1)).toEqual([]);
      const mark = await page.locator('.preview-tab-mark').evaluate((el) => getComputedStyle(el).color);
      expect(mark, 'the Preview tab mark is a light colour on the dark tab bar').toMatch(/^rgb\((\d+), (\d+), (\d+)\)$/);
      const [r, g, b] = mark.match(/\d+/g)!.map(Number);
      expect(0.299 * r! + 0.587 * g! + 0.114 * b!).toBeGreaterThan(120);
      await screenshot(page, 'ux-preview-refused-dark');
    } finally {
      await page.emulateMedia({ colorScheme: 'light' });
    }
    expect(cspViolations(page)).toEqual([]);
  }, 60_000);
});
