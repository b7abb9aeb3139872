// A lab's live view while `watching` (the View tab is shown and the page is visible): the newest
// LiveView, which IPVS counters moved since the one before, and how the stream is doing. The last
// view stays on screen while not watching; the stream is closed then, so the server stops collecting.
import { useEffect, useRef, useState } from 'react';
import { labViewEventsUrl } from '../api.js';
import type { LiveView } from '../../../shared/lab-view.js';
import { changedCounters } from '../view/changes.js';
import { ViewClient, type ViewStatus } from '../view/ViewClient.js';

export interface LiveViewState {
  view?: LiveView;
  /** Counter keys (view/changes.ts) that differ from the previous view. */
  changed: Set<string>;
  status: ViewStatus;
}

export function useLiveView(lab: string, watching: boolean, onGone: () => void): LiveViewState {
  const [state, setState] = useState<LiveViewState>({ changed: new Set(), status: { state: 'connecting' } });
  const gone = useRef(onGone);
  gone.current = onGone;

  useEffect(() => {
    if (!watching) return;
    const client = new ViewClient({
      lab,
      url: labViewEventsUrl(lab),
      onView: (view) => setState((s) => ({ ...s, view, changed: changedCounters(s.view, view) })),
      onStatus: (status) => setState((s) => ({ ...s, status })),
      onGone: () => gone.current(),
    });
    return () => client.dispose();
  }, [lab, watching]);

  return state;
}
