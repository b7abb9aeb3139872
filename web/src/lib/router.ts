// A tiny client-side router: the path is the state; navigate() pushes history and notifies listeners.
import { useSyncExternalStore } from 'react';

export type Route =
  | { page: 'roadmap' }
  | { page: 'module'; id: string }
  | { page: 'exercise'; id: string }
  | { page: 'admin-console' }
  | { page: 'not-found'; path: string };

const listeners = new Set<() => void>();
const notify = () => {
  for (const l of listeners) l();
};
window.addEventListener('popstate', notify);

export function navigate(path: string): void {
  if (path === location.pathname + location.search) return;
  history.pushState(null, '', path);
  window.scrollTo(0, 0);
  notify();
}

export function parseRoute(path: string): Route {
  if (path === '/' || path === '') return { page: 'roadmap' };
  if (path === '/admin/console' || path === '/admin/console/') return { page: 'admin-console' };
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
