// The app's language: i18next with the two catalogs (web/src/locales), set before the first paint
// from what this browser was last told by the server (remembered) or else its own languages, then
// from GET /api/me, whose answer wins (the learner's saved choice, or the server's cookie).
//
// Only the app's own words go through here: course text (lessons, tasks, check messages) comes from
// the API already in the language asked for, and is never translated in the browser.
import i18next from 'i18next';
import { useSyncExternalStore } from 'react';
import { initReactI18next, useTranslation } from 'react-i18next';
import { isLocale, LOCALES, type Locale, negotiateLocale, SOURCE_LOCALE } from '../../../shared/i18n.js';
import en from '../locales/en.json' with { type: 'json' };
import zhCN from '../locales/zh-CN.json' with { type: 'json' };
import { readStored, writeStored } from './storage.js';

const STORED = 'opslab.locale';

/** The language of the first paint: the last one the server gave this browser, else the browser's own. */
export function firstLocale(stored: string | null, languages: readonly string[] | undefined): Locale {
  if (isLocale(stored)) return stored;
  return negotiateLocale((languages ?? []).join(',')) ?? SOURCE_LOCALE;
}

const browserLanguages = typeof navigator === 'undefined' ? undefined : navigator.languages;

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
  lng: firstLocale(readStored(STORED), browserLanguages),
  fallbackLng: SOURCE_LOCALE,
  supportedLngs: [...LOCALES],
  // React escapes what it renders; escaping here too would show &amp; in the page.
  interpolation: { escapeValue: false },
  // The catalogs are bundled: ready at once, so the first render is already in the right language.
  initAsync: false,
});

function markDocument(locale: Locale): void {
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}
markDocument(currentLocale());

/** The language the app speaks now. */
export function currentLocale(): Locale {
  const l = i18n.language;
  return isLocale(l) ? l : SOURCE_LOCALE;
}

const listeners = new Set<() => void>();

/**
 * Speak `locale` from now on: the app's words at once (no reload), <html lang>, remembered for the next
 * first paint; content hooks keyed by useLocale() fetch their text again.
 */
export function applyLocale(locale: Locale): void {
  writeStored(STORED, locale);
  if (locale === currentLocale()) return;
  void i18n.changeLanguage(locale);
  markDocument(locale);
  for (const l of listeners) l();
}

/** The current language, re-rendering on a change (the key of every hook that fetches course text). */
export function useLocale(): Locale {
  return useSyncExternalStore(
    (cb) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    currentLocale,
    currentLocale,
  );
}

/** `t` bound to the app's instance, and the current language. */
export function useT() {
  const { t } = useTranslation(undefined, { i18n });
  return { t, locale: useLocale() };
}

/** `t` outside React (api.ts's own errors, pure helpers given no t). */
export const t = i18n.t.bind(i18n);

/** The document title of a page: "<what> · opslab". */
export function pageTitle(what: string): string {
  return `${what} · opslab`;
}
