import { useState } from 'react';
import { LOCALE_NAMES, LOCALES, isLocale, type Locale } from '../../../shared/i18n.js';
import { setMyLocale } from '../api.js';
import { applyLocale, useT } from '../lib/i18n.js';

/** The learner picked a language on this page: an older answer of GET /api/me must not undo it. */
let chosenHere = false;

/**
 * The learner's pick: the app speaks it at once, and the server is told (PUT /api/me). Resolves to
 * whether the server kept it; a refusal keeps the language here for this browser all the same.
 */
export async function chooseLocale(locale: Locale): Promise<boolean> {
  chosenHere = true;
  applyLocale(locale);
  try {
    await setMyLocale(locale);
    return true;
  } catch {
    return false;
  }
}

/**
 * The top bar's language choice (English / 简体中文). The app changes at once and the page's content is
 * fetched again in the new language; the server keeps the choice (PUT /api/me: per learner, and a
 * cookie), so the next visit opens in it. A refused save keeps the language for this browser and
 * says so, rather than switching back under the learner.
 */
export function LocaleSwitch() {
  const { t, locale } = useT();
  const [unsaved, setUnsaved] = useState(false);
  const choose = (value: string) => {
    if (!isLocale(value)) return;
    setUnsaved(false);
    void chooseLocale(value).then((saved) => setUnsaved(!saved));
  };
  return (
    <label className="theme-switch locale-switch" title={unsaved ? t('locale.unsaved') : undefined}>
      <span className="visually-hidden">{t('locale.label')}</span>
      <span className="theme-icon" aria-hidden="true">
        文
      </span>
      {/* Each language's name is written in that language, so a learner who cannot read the other one still finds theirs. */}
      <select value={locale} onChange={(e) => choose(e.target.value)} data-testid="locale-switch">
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * Once per page load: the server's idea of the learner's language (saved choice or cookie) wins over
 * the browser's, unless the learner has switched on this page since (their choice is on its way to
 * the server). Whether it was adopted.
 */
export function adoptServerLocale(me: { locale?: unknown }): boolean {
  if (chosenHere || !isLocale(me.locale)) return false;
  applyLocale(me.locale);
  return true;
}
