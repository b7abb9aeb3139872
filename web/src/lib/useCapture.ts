// One packet capture at a time in a lab: start(request), stop(), the frames so far. The capture
// stops when `allowed` turns false (the View tab is hidden), when the component goes, and when
// the page closes (CaptureClient listens for pagehide); its frames stay until the next start.
import { t } from './i18n.js';
import { useCallback, useEffect, useRef, useState } from 'react';
import { captureUrl } from '../api.js';
import type { CaptureFrame, CapturePresetId, CaptureRequest } from '../../../shared/lab-view.js';
import { CaptureClient } from '../view/CaptureClient.js';

/** The most frames kept on the page (the server's own cap on a capture is 5000). */
export const MAX_FRAMES = 5000;

export interface CaptureState {
  phase: 'idle' | 'starting' | 'running' | 'stopped';
  frames: CaptureFrame[];
  dropped: number;
  started?: { where: string; filter: string; preset: CapturePresetId };
  /** Why it stopped, for people. */
  reason?: string;
  error?: unknown;
}

export interface CaptureHandle extends CaptureState {
  start: (req: CaptureRequest) => void;
  stop: (reason?: string) => void;
}

const IDLE: CaptureState = { phase: 'idle', frames: [], dropped: 0 };

export function useCapture(lab: string, allowed: boolean): CaptureHandle {
  const [state, setState] = useState<CaptureState>(IDLE);
  const client = useRef<CaptureClient | null>(null);

  const stop = useCallback((reason = t('capture.youStopped')) => {
    if (!client.current) return;
    client.current.dispose();
    client.current = null;
    setState((s) => (s.phase === 'starting' || s.phase === 'running' ? { ...s, phase: 'stopped', reason } : s));
  }, []);

  const start = useCallback(
    (req: CaptureRequest) => {
      client.current?.dispose();
      setState({ ...IDLE, phase: 'starting' });
      const mine = new CaptureClient({
        url: captureUrl(lab, req),
        onEvent: (event) => {
          if (client.current !== mine) return;
          setState((s) => {
            switch (event.type) {
              case 'started':
                return { ...s, phase: 'running', started: { where: event.where, filter: event.filter, preset: event.preset } };
              case 'frames':
                return { ...s, frames: [...s.frames, ...event.frames].slice(-MAX_FRAMES) };
              case 'dropped':
                return { ...s, dropped: s.dropped + event.count };
              case 'stopped':
                return { ...s, phase: 'stopped', reason: event.reason };
            }
            return s;
          });
          if (event.type === 'stopped') client.current = null;
        },
        onFail: (error) => {
          if (client.current !== mine) return;
          client.current = null;
          setState((s) => ({ ...s, phase: 'stopped', error, reason: undefined }));
        },
      });
      client.current = mine;
    },
    [lab],
  );

  useEffect(() => {
    if (!allowed) stop(t('capture.tabLeft'));
  }, [allowed, stop]);
  useEffect(() => () => client.current?.dispose(), []);

  return { ...state, start, stop };
}
