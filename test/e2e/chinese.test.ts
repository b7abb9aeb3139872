// A learner whose browser speaks Chinese, in Debian's Chromium against a real `opslab serve`: the
// app's own words come from the zh-CN catalog at first paint (no English flash), the course's from
// the fixture's zh-CN overlays (roadmap.zh-CN.yaml, exercise.zh-CN.yaml, lesson.zh-CN.md); a free-text
// quiz is answered in Chinese (虚拟IP, read as VIP through the fixture's glossary) and a choice quiz
// by its id; a failing check's catalog message (fail_t not-done) is shown in Chinese; the glossary
// page and the lessons' links to it; the language switch goes to English and back without a reload,
// and the server keeps the choice over the browser's own language.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cspViolations, openApp, screenshot, type OpenApp } from '../helpers/browser.js';
import type { RunningServer } from '../helpers/server.js';

const CURRICULUM = 'test/fixtures/curricula/i18n-web';

describe('a learner reads and works in Chinese', () => {
  let app: OpenApp;
  let server: RunningServer;
  let page: Page;

  beforeAll(async () => {
    app = await openApp({ curriculum: CURRICULUM, locale: 'zh-CN' });
    ({ server, page } = app);
  });

  afterAll(() => app?.close());

  /** A marker on the window: still there after an in-app navigation, gone after a page load. */
  const mark = () =>
    page.evaluate(() => {
      (window as unknown as { __kept?: boolean }).__kept = true;
    });
  const marked = () => page.evaluate(() => (window as unknown as { __kept?: boolean }).__kept === true);

  it('shows the roadmap in Chinese: the app’s words and the course’s', async () => {
    await page.goto(server.url);
    await page.getByRole('heading', { level: 1, name: '带翻译的测试课程' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await page.getByText('第 1 阶段').waitFor();
    await page.getByRole('heading', { name: /负载均衡/ }).waitFor();
    await page.getByRole('link', { name: '阅读模块“虚拟 IP”的课程' }).waitFor();
    await page.getByRole('link', { name: '客户端访问的地址' }).waitFor();
    await page.getByRole('link', { name: '术语表' }).waitFor();
    expect(await page.getByTestId('locale-switch').inputValue()).toBe('zh-CN');
    expect(await page.title()).toBe('带翻译的测试课程 · opslab');
    await screenshot(page, 'zh-01-roadmap');
  });

  it('reads the module lesson in Chinese, and its glossary link navigates inside the app', async () => {
    await page.getByRole('link', { name: '阅读模块“虚拟 IP”的课程' }).click();
    await page.waitForURL(/\/modules\/lb$/);
    await page.getByRole('heading', { level: 1, name: '虚拟 IP' }).waitFor();
    await page.getByRole('heading', { name: '练习' }).waitFor();
    await mark();
    await page.locator('.prose').getByRole('link', { name: '调度器' }).click();
    await page.waitForURL(/\/glossary#director$/);
    const term = page.getByTestId('term-director');
    await term.getByText('调度器').first().waitFor();
    await term.getByText('在 VIP 上接收客户端请求', { exact: false }).waitFor();
    expect(await marked()).toBe(true); // no page load
    await screenshot(page, 'zh-02-glossary');
  });

  it('shows the glossary English beside Chinese, with other names, each term an anchor', async () => {
    const vip = page.getByTestId('term-vip');
    expect(await vip.getAttribute('id')).toBe('vip');
    await vip.getByText('虚拟 IP').first().waitFor();
    await vip.getByText('VIP', { exact: true }).waitFor();
    await vip.getByText(/虚拟IP/).waitFor();
    expect(await page.title()).toBe('术语表 · opslab');
  });

  it('opens an exercise in Chinese, with the glossary link near the lesson', async () => {
    await page.goto(`${server.url}/exercises/vip-quiz`);
    await page.getByRole('heading', { level: 1, name: '客户端访问的地址' }).waitFor();
    await page.getByRole('heading', { name: '任务' }).waitFor();
    await page.locator('.glossary-link').getByRole('link', { name: '术语表' }).waitFor();
    await page.getByTestId('task-name-it').getByText('说出这个地址').waitFor();
    await page.getByRole('button', { name: /显示“说出这个地址”的提示 1\/1/ }).click();
    await page.getByText('它是虚拟的。').waitFor();
  });

  it('accepts a Chinese answer to a free-text quiz (虚拟IP is read as VIP)', async () => {
    const task = page.getByTestId('task-name-it');
    await task.getByRole('textbox', { name: '客户端访问的是什么地址？' }).fill('虚拟IP');
    await task.getByRole('button', { name: '提交“说出这个地址”的答案' }).click();
    await task.getByText('回答正确。').waitFor();
    await task.getByText('客户端访问的是 VIP，它由调度器持有。').waitFor();
  });

  it('answers a choice quiz by the choice’s id, its text in Chinese', async () => {
    const task = page.getByTestId('task-pick-mode');
    const dr = task.getByRole('radio', { name: '直接路由（DR）模式' });
    expect(await dr.getAttribute('value')).toBe('b');
    await dr.check();
    await task.getByRole('button', { name: '提交“选出转发模式”的答案' }).click();
    await task.getByText('回答正确。').waitFor();
    await screenshot(page, 'zh-03-quiz');
  });

  it('shows a failing check’s catalog message in Chinese', async () => {
    await page.goto(`${server.url}/exercises/check-msg`);
    await page.getByRole('button', { name: '开始实验' }).click();
    await page.getByRole('tab', { name: /^box\b/ }).waitFor({ timeout: 180_000 });
    const task = page.getByTestId('task-make-file');
    await task.getByRole('button', { name: '检查任务“创建 /tmp/x”' }).click();
    const check = task.locator('.check-fail');
    await check.getByText('/tmp/x 还不存在：请用 touch /tmp/x 创建它。').waitFor({ timeout: 30_000 });
    expect(await check.getAttribute('data-message-key')).toBe('not-done');
    await check.getByText('未通过').waitFor();
    await check.getByText('文件已存在').waitFor();
    await screenshot(page, 'zh-04-check');
  }, 240_000);

  it('switches to English at once, without a reload, and the page’s content follows', async () => {
    await mark();
    await page.getByTestId('locale-switch').selectOption('en');
    await page.getByRole('heading', { name: 'Tasks' }).waitFor();
    await page.getByRole('heading', { level: 1, name: 'Create the file' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.title()).toBe('Create the file · opslab');
    expect(await marked()).toBe(true);
    // The lab went on running through the switch: its terminal tab is still there.
    await page.getByRole('tab', { name: /^box\b/ }).waitFor();
    const task = page.getByTestId('task-make-file');
    await task.getByRole('button', { name: 'Check task "Create /tmp/x"' }).click();
    await task.getByText('/tmp/x does not exist yet: create it with touch /tmp/x.').waitFor({ timeout: 30_000 });
    await screenshot(page, 'zh-05-english');
  }, 60_000);

  it('keeps English after a reload although the browser asks for Chinese (the server kept the choice)', async () => {
    await page.reload();
    await page.getByRole('heading', { name: 'Tasks' }).waitFor();
    expect(await page.getByTestId('locale-switch').inputValue()).toBe('en');
    const me = await page.evaluate(async () => (await fetch('/api/me')).json());
    expect(me).toMatchObject({ locale: 'en', localeChosen: true });
  });

  it('switches back to Chinese', async () => {
    await page.getByTestId('locale-switch').selectOption('zh-CN');
    await page.getByRole('heading', { name: '任务' }).waitFor();
    await page.getByRole('heading', { level: 1, name: '创建文件' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
  });

  it('broke no Content-Security-Policy rule', () => {
    expect(cspViolations(page)).toEqual([]);
  });
});

// The course itself, not a fixture: its load-balancing stage is whole in Chinese (roadmap.yaml
// requires it), so a Chinese browser reads the real roadmap, an LVS exercise and its quiz in Chinese.
describe('the LVS course in Chinese', () => {
  let app: OpenApp;
  let server: RunningServer;
  let page: Page;

  beforeAll(async () => {
    app = await openApp({ curriculum: 'curricula', locale: 'zh-CN' });
    ({ server, page } = app);
  });

  afterAll(() => app?.close());

  it('shows the real roadmap in Chinese, the load-balancing stage included', async () => {
    await page.goto(server.url);
    await page.getByRole('heading', { name: '负载均衡与高可用' }).waitFor();
    await page.getByRole('link', { name: 'LVS-NAT：两台真实服务器前面的调度器' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
  });

  it('opens an LVS exercise in Chinese: title, tasks and lesson', async () => {
    await page.goto(`${server.url}/exercises/lvs-nat`);
    await page.locator('h1').first().waitFor();
    // The lesson's own heading, from lesson.zh-CN.md; the exercise's title, from exercise.zh-CN.yaml.
    expect(await page.locator('h1').first().textContent()).toBe('LVS-NAT：一台调度器带两台真实服务器');
    await page.getByText('LVS-NAT：两台真实服务器前面的调度器').first().waitFor();
    await page.getByText('调度器持有 VIP 并开启转发').first().waitFor();
    await screenshot(page, 'zh-05-lvs-nat');
  });

  it('accepts an answer written in Chinese to an LVS quiz, and explains in Chinese', async () => {
    await page.goto(`${server.url}/exercises/lvs-modes-quiz`);
    const task = page.getByTestId('task-nat-rewrite');
    const field = task.getByRole('textbox', { name: /调度器在把这个数据包转发出去之前/ });
    await field.fill('源地址');
    await task.getByRole('button', { name: /提交/ }).click();
    await task.getByText('还不对，再想想。').waitFor();
    await field.fill('目标ＩＰ地址，从 VIP 改成 RIP1');
    await task.getByRole('button', { name: /提交/ }).click();
    await task.getByText('回答正确。').waitFor();
    await task.getByText('目标 IP 地址：VIP 改成 RIP1', { exact: false }).waitFor();
    await screenshot(page, 'zh-06-lvs-quiz');
  });
});
