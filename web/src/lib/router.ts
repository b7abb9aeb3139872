// A tiny client-side router: the path is the state; navigate() pushes history and notifies listeners.
import { useSyncExternalStore } from 'react';

export type Route =
  | { page: 'roadmap' }
  | { page: 'module'; id: string }
  | { page: 'exercise'; id: string }
  | { page: 'admin-console' }
  | { page: 'glossary' }
  | { page: 'not-found'; path: string };

const listeners = new Set<() => void>();
const notify = () => {
  for (const l of listeners) l();
};
window.addEventListener('popstate', notify);

export function navigate(path: string): void {
  if (path === location.pathname + location.search + location.hash) return;
  history.pushState(null, '', path);
  window.scrollTo(0, 0);
  notify();
  // A link to a place on a page (/glossary#vip): shown once the page has drawn it (the page scrolls again when its data arrives).
  const hash = new URL(path, location.href).hash;
  if (hash) requestAnimationFrame(() => scrollToHash(hash));
}

/** Scrolls the element a `#id` names into view, if the page has it; whether it did. */
export function scrollToHash(hash: string): boolean {
  let id: string;
  try {
    id = decodeURIComponent(hash.replace(/^#/, ''));
  } catch {
    return false;
  }
  const el = id ? document.getElementById(id) : null;
  el?.scrollIntoView({ block: 'start' });
  return el !== null;
}

/** Whether a path is one of the app's own pages (so a link to it can navigate in the app). */
export function isAppPath(path: string): boolean {
  return parseRoute(path).page !== 'not-found';
}

export function parseRoute(path: string): Route {
  if (path === '/' || path === '') return { page: 'roadmap' };
  if (path === '/admin/console' || path === '/admin/console/') return { page: 'admin-console' };
  if (path === '/glossary' || path === '/glossary/') return { page: 'glossary' };
  const m = /^\/(exercises|modules)\/([a-z0-9][a-z0-9-]{0,63})\/?$/.exec(path);
  if (m) return m[1] === 'exercises' ? { page: 'exercise', id: m[2]! } : { page: 'module', id: m[2]! };
  return { page: 'not-found', path };
}

export function useRoute(): Route {
  const path = useSyncExternalStore(
    (cb) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    () => location.pathname,
  );
  return parseRoute(path);
}
