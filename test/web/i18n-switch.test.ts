// The app's language at run time (web/src/lib/i18n.ts): a switch changes t() at once, plurals follow
// each language's rules, and every content request says the language it wants (api.ts inLocale).
import { afterAll, describe, expect, it, vi } from 'vitest';
import { inLocale } from '../../web/src/api.js';
import { applyLocale, currentLocale, i18n, t } from '../../web/src/lib/i18n.js';

describe('the app language', () => {
  afterAll(() => applyLocale('en'));

  it('switches t() at once and keeps English as the fallback', () => {
    applyLocale('en');
    expect(t('task.check')).toBe('Check');
    applyLocale('zh-CN');
    expect(currentLocale()).toBe('zh-CN');
    expect(t('task.check')).toBe('检查');
    expect(t('lab.start')).toBe('开始实验');
    // A key only English has (none today, so one is added) falls back to English.
    i18n.addResource('en', 'translation', 'test.onlyEnglish', 'Only in English');
    expect(t('test.onlyEnglish')).toBe('Only in English');
  });

  it('uses English plural forms and the single Chinese form', () => {
    const en = i18n.getFixedT('en');
    const zh = i18n.getFixedT('zh-CN');
    expect(en('task.runs', { count: 1 })).toBe('Runs 1 check in the lab');
    expect(en('task.runs', { count: 3 })).toBe('Runs 3 checks in the lab');
    expect(zh('task.runs', { count: 1 })).toBe('在实验环境中运行 1 项检查');
    expect(zh('task.runs', { count: 3 })).toBe('在实验环境中运行 3 项检查');
  });

  it('asks the API for content in the current language', () => {
    applyLocale('zh-CN');
    expect(inLocale('/api/roadmap')).toBe('/api/roadmap?lang=zh-CN');
    expect(inLocale('/api/roadmap?course=linux-ops', 'en')).toBe('/api/roadmap?course=linux-ops&lang=en');
  });
});

describe('the server’s language for the learner', () => {
  it('wins over the browser’s at load, and a bad answer changes nothing', async () => {
    const { adoptServerLocale } = await import('../../web/src/components/LocaleSwitch.js');
    applyLocale('en');
    expect(adoptServerLocale({ locale: 'zh-CN' })).toBe(true);
    expect(currentLocale()).toBe('zh-CN');
    expect(adoptServerLocale({ locale: 'fr' })).toBe(false);
    expect(adoptServerLocale({})).toBe(false);
    expect(currentLocale()).toBe('zh-CN');
  });

  it('does not undo a switch made on the page before GET /api/me answered', async () => {
    const { adoptServerLocale, chooseLocale } = await import('../../web/src/components/LocaleSwitch.js');
    const puts: unknown[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      puts.push({ url, method: init.method, body: JSON.parse(String(init.body)) });
      return new Response(JSON.stringify({ locale: 'en' }), { status: 200, headers: { 'content-type': 'application/json' } });
    });
    try {
      applyLocale('zh-CN');
      expect(await chooseLocale('en')).toBe(true);
      expect(puts).toEqual([{ url: '/api/me', method: 'PUT', body: { locale: 'en' } }]);
      expect(adoptServerLocale({ locale: 'zh-CN' })).toBe(false);
      expect(currentLocale()).toBe('en');
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
