// Load something once per key: {data, error, loading}. Stale answers (key changed) are dropped.
// While a new key loads, `data` is still the last key's answer (a page refetched in another language
// keeps showing the old text until the new one comes, instead of a blank "Loading…"); an error
// drops it.
import { useEffect, useRef, useState } from 'react';

export interface AsyncState<T> {
  data?: T;
  error?: unknown;
  loading: boolean;
}

export function useAsync<T>(load: () => Promise<T>, key: unknown[]): AsyncState<T> {
  const [state, setState] = useState<AsyncState<T>>({ loading: true });
  // load is usually a fresh closure each render: the latest one runs, but only a new key runs it.
  const latestLoad = useRef(load);
  latestLoad.current = load;
  useEffect(() => {
    let live = true;
    const run = latestLoad.current;
    setState((s) => ({ data: s.data, loading: true }));
    run().then(
      (data) => live && setState({ data, loading: false }),
      (error: unknown) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
    // The caller's key is the dependency list, element by element, as useEffect's own.
  }, [...key]);
  return state;
}
