// Whether the page is shown (not a background browser tab): what streams and polls wait for.
import { useSyncExternalStore } from 'react';

const subscribeVisibility = (cb: () => void) => {
  document.addEventListener('visibilitychange', cb);
  return () => document.removeEventListener('visibilitychange', cb);
};

/** The page is shown (not a background browser tab). */
export function usePageVisible(): boolean {
  return useSyncExternalStore(subscribeVisibility, () => document.visibilityState !== 'hidden');
}
