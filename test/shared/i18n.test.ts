// The language of a request, from its Accept-Language header (shared/i18n.ts, used by the server's
// locale plugin and the web app's first paint alike).
import { describe, expect, it } from 'vitest';
import { ACCEPT_LANGUAGE_MAX, localeOf, negotiateLocale } from '../../shared/i18n.js';

describe('localeOf', () => {
  it('takes Simplified Chinese by language, region or script, and leaves Traditional to the English fallback', () => {
    for (const tag of ['zh', 'zh-CN', 'ZH-cn', 'zh_CN', 'zh-Hans', 'zh-SG', 'zh-Hans-CN', 'zh-Hans-TW', 'zh-Hans-HK']) expect(localeOf(tag), tag).toBe('zh-CN');
    for (const tag of ['zh-TW', 'zh-HK', 'zh-MO', 'zh-Hant', 'zh-Hant-CN', 'fr', 'cmn']) expect(localeOf(tag), tag).toBeUndefined();
    expect(localeOf('en-GB')).toBe('en');
  });
});

describe('negotiateLocale', () => {
  it('takes the highest q among the languages we have, q=0 refused, a q over 1 read as 1', () => {
    expect(negotiateLocale('fr-FR,fr;q=0.9,zh-CN;q=0.8,en;q=0.7')).toBe('zh-CN');
    expect(negotiateLocale('zh-CN;q=0.5,en;q=0.6')).toBe('en');
    expect(negotiateLocale('zh-CN;q=0')).toBeUndefined();
    // A q of 1.5 is out of range: it counts as 1, and the first of equals wins.
    expect(negotiateLocale('en,zh-CN;q=1.5')).toBe('en');
    expect(negotiateLocale('*')).toBeUndefined();
    expect(negotiateLocale(undefined)).toBeUndefined();
  });

  it(`reads at most ${ACCEPT_LANGUAGE_MAX} characters of the header`, () => {
    expect(negotiateLocale(`${'xx;q=0.1,'.repeat(100)}zh-CN`)).toBeUndefined();
    expect(negotiateLocale(`${'xx;q=0.1,'.repeat(10)}zh-CN`)).toBe('zh-CN');
  });
});
