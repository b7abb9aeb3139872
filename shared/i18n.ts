// The languages of the platform, and how a request's language is chosen: imported by the server
// and the web app alike (no Node or DOM APIs).
//
// A locale is a BCP 47 tag. English is the source of every text and the fallback of every
// field; a translation may cover part of a course, and what it does not cover is shown in
// English (per field, never per page).

/** Every language the platform speaks, the source language first. */
export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];
export const SOURCE_LOCALE: Locale = 'en';

/** A language a course may be translated into: every locale but the source. */
export type TranslationLocale = Exclude<Locale, 'en'>;

/** Translations a course may carry: every locale but the source. */
export const TRANSLATION_LOCALES = LOCALES.filter((l): l is TranslationLocale => l !== SOURCE_LOCALE);

/** The name of each language in itself, for the language switch. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', 'zh-CN': '简体中文' };

export function isLocale(s: unknown): s is Locale {
  return typeof s === 'string' && (LOCALES as readonly string[]).includes(s);
}

/** Longest Accept-Language header looked at: it is untrusted input. */
export const ACCEPT_LANGUAGE_MAX = 512;

/**
 * The locale the platform has for a BCP 47 tag, or undefined: `zh`, `zh-CN`, `zh-Hans`, `zh-SG`,
 * `zh-Hans-CN` are Simplified Chinese; `zh-TW`, `zh-HK`, `zh-Hant` are not (Traditional script:
 * English is a better fallback than the wrong script), unless the script is named (`zh-Hans-TW`);
 * `en-*` is English. Case does not matter.
 */
export function localeOf(tag: string): Locale | undefined {
  const parts = tag.trim().toLowerCase().split(/[-_]/);
  if (parts[0] === 'en') return 'en';
  if (parts[0] !== 'zh') return undefined;
  const rest = parts.slice(1);
  // The script says it when it is given (zh-Hans-TW is Simplified); else the region does.
  if (rest.includes('hans')) return 'zh-CN';
  if (rest.includes('hant') || rest.includes('tw') || rest.includes('hk') || rest.includes('mo')) return undefined;
  return 'zh-CN';
}

/**
 * The best locale for an Accept-Language header (RFC 9110 §12.5.4: tags with q-values, highest
 * first, q=0 refused), or undefined when it names none we have. Linear in the header, which is cut
 * at ACCEPT_LANGUAGE_MAX characters.
 */
export function negotiateLocale(acceptLanguage: string | undefined | null): Locale | undefined {
  if (!acceptLanguage) return undefined;
  let best: Locale | undefined;
  let bestQ = 0;
  for (const item of acceptLanguage.slice(0, ACCEPT_LANGUAGE_MAX).split(',')) {
    const [tag = '', ...params] = item.split(';');
    let q = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/i.exec(p);
      if (m) q = Math.min(1, Number(m[1]));
    }
    const locale = tag.trim() === '*' ? undefined : localeOf(tag);
    if (locale && q > bestQ) {
      best = locale;
      bestQ = q;
    }
  }
  return best;
}
