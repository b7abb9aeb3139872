import { useSyncExternalStore } from 'react';
import { readTheme, setTheme, watchTheme, type ThemeChoice } from '../lib/theme.js';

/** The top bar's theme choice: the system's, light or dark (lib/theme.ts remembers it). */
export function ThemeSwitch() {
  const choice = useSyncExternalStore(watchTheme, readTheme, () => 'system' as ThemeChoice);
  return (
    <label className="theme-switch">
      <span className="visually-hidden">Colour theme</span>
      <span className="theme-icon" aria-hidden="true">
        ◐
      </span>
      <select value={choice} onChange={(e) => setTheme(e.target.value as ThemeChoice)}>
        <option value="system">System theme</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </label>
  );
}
