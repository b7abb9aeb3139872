import { useState } from 'react';
import { LOCALE_NAMES, LOCALES, isLocale } from '../../../shared/i18n.js';
import { setMyLocale } from '../api.js';
import { applyLocale, useT } from '../lib/i18n.js';

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
    applyLocale(value);
    setUnsaved(false);
    setMyLocale(value).then(
      () => undefined,
      () => setUnsaved(true),
    );
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

/** Once per page load: the server's idea of the learner's language (saved choice or cookie) wins over the browser's. */
export function adoptServerLocale(me: { locale?: unknown }): void {
  if (isLocale(me.locale)) applyLocale(me.locale);
}
