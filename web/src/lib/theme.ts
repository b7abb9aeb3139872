// The colour theme: the system's (prefers-color-scheme), or light or dark as the learner chose in the
// top bar, remembered in localStorage. styles.css gives every colour for both themes with
// light-dark(), so the stylesheet alone follows the system; a choice sets <html data-theme>, which
// pins color-scheme. main.tsx imports this module first: the choice is on <html> before React renders
// anything (an inline script in index.html would do it sooner, but the CSP allows none).

import { forgetStored, readStored, writeStored } from './storage.js';

export type ThemeChoice = 'system' | 'light' | 'dark';

const KEY = 'opslab.theme';

export function readTheme(): ThemeChoice {
  const v = readStored(KEY);
  return v === 'light' || v === 'dark' ? v : 'system'; // nothing stored, or storage disabled: the system's
}

function applyTheme(choice: ThemeChoice): void {
  const root = document.documentElement;
  if (choice === 'system') delete root.dataset.theme;
  else root.dataset.theme = choice;
}

/** Switch and remember. */
export function setTheme(choice: ThemeChoice): void {
  // Where storage refuses, the choice still holds for this page.
  if (choice === 'system') forgetStored(KEY);
  else writeStored(KEY, choice);
  applyTheme(choice);
  for (const fn of [...watchers]) fn();
}

const watchers = new Set<() => void>();

/** Calls `fn` when the choice changes (here or in another tab); returns the unsubscribe. */
export function watchTheme(fn: () => void): () => void {
  watchers.add(fn);
  return () => {
    watchers.delete(fn);
  };
}

applyTheme(readTheme());
window.addEventListener('storage', (e) => {
  if (e.key !== KEY && e.key !== null) return;
  applyTheme(readTheme());
  for (const fn of [...watchers]) fn();
});
