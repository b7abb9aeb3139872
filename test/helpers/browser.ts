// Debian's Chromium driven by playwright-core, and helpers to read and type into lab terminals.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildWeb, ROOT, startServer, type RunningServer } from './server.js';

export const CHROMIUM = process.env.OPSLAB_CHROMIUM ?? '/usr/bin/chromium';
export const ARTIFACTS = path.join(ROOT, 'test-artifacts/e2e');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

const violations = new WeakMap<Page, string[]>();

/**
 * A page in a fresh context, with the terminals' test hook on (window.__OPSLAB_TEST__), and every
 * Content-Security-Policy violation it reports recorded (see cspViolations), across reloads.
 * `locale` is the browser's language (navigator.languages and Accept-Language): English unless given.
 */
export async function openPage(browser: Browser, viewport = { width: 1280, height: 800 }, options: { locale?: string } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: options.locale ?? 'en-US' });
  const seen: string[] = [];
  // The DOM event (what the document blocked, which directive) and Chromium's console report ("Refused
  // to ..."), so that a violation is caught however it surfaces.
  await context.exposeBinding('__opslabCspViolation', (_source, text: string) => void seen.push(text));
  await context.addInitScript(() => {
    (window as unknown as { __OPSLAB_TEST__: boolean }).__OPSLAB_TEST__ = true;
    document.addEventListener(
      'securitypolicyviolation',
      (e) => {
        const report = (window as unknown as { __opslabCspViolation: (t: string) => void }).__opslabCspViolation;
        report(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`);
      },
      true,
    );
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (/Content[ -]Security[ -]Policy/i.test(m.text())) seen.push(`console: ${m.text()}`);
  });
  violations.set(page, seen);
  return page;
}

/** The Content-Security-Policy violations a page from openPage reported so far. */
export function cspViolations(page: Page): string[] {
  const seen = violations.get(page);
  if (!seen) throw new Error('cspViolations: the page was not opened with openPage');
  return [...seen];
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

interface TestWindow {
  __opslabTerminals?: Record<string, { text: () => string; size: () => { cols: number; rows: number } }>;
}

/** The text of a host's terminal buffer (scrollback and screen), through the web app's test hook. */
export async function terminalText(page: Page, host: string): Promise<string> {
  return page.evaluate((h) => (window as unknown as TestWindow).__opslabTerminals?.[h]?.text() ?? '', host);
}

export async function terminalSize(page: Page, host: string): Promise<{ cols: number; rows: number } | undefined> {
  return page.evaluate((h) => (window as unknown as TestWindow).__opslabTerminals?.[h]?.size(), host);
}

/** Wait until a host's terminal shows text matching `pattern`; the match (or a timeout naming what it saw). */
export async function waitForTerminal(page: Page, host: string, pattern: RegExp, timeoutMs = 20_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = await terminalText(page, host);
    const m = text.match(pattern);
    if (m) return m;
    await page.waitForTimeout(150);
  }
  throw new Error(`terminal ${host} never matched ${pattern} in ${timeoutMs} ms; it shows:\n${text.trimEnd().split('\n').slice(-15).join('\n')}`);
}

/** Choose a host's terminal tab (which focuses its terminal) and type a line into it. */
export async function typeLine(page: Page, host: string, line: string): Promise<void> {
  await page.getByRole('tab', { name: new RegExp(`^${host}\\b`) }).click();
  await page.getByTestId(`terminal-${host}`).locator('.xterm').click();
  await page.keyboard.type(line, { delay: 5 });
  await page.keyboard.press('Enter');
}

export interface OpenApp {
  server: RunningServer;
  browser: Browser;
  page: Page;
  /** Destroys the labs the page's learner started, closes the browser, stops the server. */
  close: () => Promise<void>;
}

/**
 * The built web app on a real `opslab serve` over `curriculum`, and one page of Chromium on it
 * (page errors logged). For a test file's beforeAll; `close` in its afterAll.
 */
export async function openApp(props: {
  curriculum: string;
  viewport?: { width: number; height: number };
  env?: Record<string, string>;
  /** The browser's language (navigator.languages, Accept-Language): English unless given. */
  locale?: string;
}): Promise<OpenApp> {
  const server = await startServer({ curriculum: props.curriculum, webDir: await buildWeb(), env: props.env });
  const browser = await launchBrowser();
  const page = await openPage(browser, props.viewport, { locale: props.locale });
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  const close = async () => {
    // No containers outlive the test: the learner's labs go with it.
    await page
      .evaluate(async () => {
        const labs = (await (await fetch('/api/labs')).json()) as { id: string }[];
        await Promise.all(labs.map((l) => fetch(`/api/labs/${l.id}`, { method: 'DELETE' })));
      })
      .catch((e: unknown) => console.error(`lab cleanup failed: ${(e as Error).message}`));
    await browser.close();
    await server.stop();
  };
  return { server, browser, page, close };
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  /** The offending elements' selectors, a few of them. */
  targets: string[];
}

/**
 * Runs axe-core (the accessibility engine, injected into the page) over the page as it is now and
 * returns its serious and critical violations, each with a few offending elements: a test asserts
 * the list is empty and prints it when it is not. `exclude` takes selectors axe should skip (no
 * test needs it today: every page passes whole, terminals included).
 */
export async function axeViolations(page: Page, opts: { exclude?: string[] } = {}): Promise<AxeViolation[]> {
  const source = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  // evaluate, not addScriptTag: the app's CSP allows no inline scripts, and axe is the test's, not the page's.
  await page.evaluate(source);
  const results = (await page.evaluate(
    async (exclude) => {
      const axe = (window as unknown as { axe: { run: (ctx: unknown, o: unknown) => Promise<unknown> } }).axe;
      return axe.run({ include: [['body']], exclude: exclude.map((s) => [s]) }, { resultTypes: ['violations'] });
    },
    opts.exclude ?? [],
  )) as { violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[] };
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
}
