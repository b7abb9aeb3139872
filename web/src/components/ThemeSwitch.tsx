import { useSyncExternalStore } from 'react';
import { useT } from '../lib/i18n.js';
import { readTheme, setTheme, watchTheme, type ThemeChoice } from '../lib/theme.js';

/** The top bar's theme choice: the system's, light or dark (lib/theme.ts remembers it). */
export function ThemeSwitch() {
  const { t } = useT();
  const choice = useSyncExternalStore(watchTheme, readTheme, () => 'system' as ThemeChoice);
  return (
    <label className="theme-switch">
      <span className="visually-hidden">{t('theme.label')}</span>
      <span className="theme-icon" aria-hidden="true">
        ◐
      </span>
      <select value={choice} onChange={(e) => setTheme(e.target.value as ThemeChoice)}>
        <option value="system">{t('theme.system')}</option>
        <option value="light">{t('theme.light')}</option>
        <option value="dark">{t('theme.dark')}</option>
      </select>
    </label>
  );
}
