// The app's language at run time (web/src/lib/i18n.ts): a switch changes t() at once, plurals follow
// each language's rules, and every content request says the language it wants (api.ts inLocale).
import { afterAll, describe, expect, it } from 'vitest';
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
    expect(inLocale('/api/history?exercise=lvs-dr', 'en')).toBe('/api/history?exercise=lvs-dr&lang=en');
  });
});
