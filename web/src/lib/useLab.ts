// The learner's lab for one exercise: found again after a reload (GET /api/labs), polled while it
// starts (and once a minute while it runs: its idle time moves as the learner works, and the
// platform may have stopped it), and the start / reset / extend / stop actions with their errors.
import { useCallback, useEffect, useRef, useState } from 'react';
import { extendLab, getLab, listLabs, resetLab, startLab, stopLab, type LabView } from '../api.js';
import { usePageVisible } from './usePageVisible.js';

export type LabAction = 'start' | 'reset' | 'extend' | 'stop';

export interface LabHandle {
  lab?: LabView;
  /** The first look for an existing lab is done. */
  loaded: boolean;
  pending?: LabAction;
  error?: unknown;
  start: () => Promise<void>;
  reset: () => Promise<void>;
  /** More time: the lab counts as used now (its idle stop moves). */
  extend: () => Promise<void>;
  stop: () => Promise<void>;
  /** The lab that was running is gone without the learner stopping it (reaped when idle, stopped elsewhere). */
  ended: boolean;
  refresh: () => Promise<void>;
}

const POLL_MS = 1000;
/** While a lab runs: when its idle stop is, and whether it still is. */
const RUNNING_POLL_MS = 60_000;

export function useLab(exercise: string, enabled: boolean): LabHandle {
  const [lab, setLab] = useState<LabView>();
  const [loaded, setLoaded] = useState(!enabled);
  const [pending, setPending] = useState<LabAction>();
  const [error, setError] = useState<unknown>();
  const [ended, setEnded] = useState(false);
  const live = useRef(true);

  useEffect(() => {
    live.current = true;
    setLab(undefined);
    setError(undefined);
    setEnded(false);
    setLoaded(!enabled);
    if (enabled) {
      listLabs()
        .then((labs) => {
          if (!live.current) return;
          const mine = labs.filter((l) => l.exercise === exercise && l.state !== 'gone');
          setLab(mine.sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0]);
        })
        .catch((e: unknown) => live.current && setError(e))
        .finally(() => live.current && setLoaded(true));
    }
    return () => {
      live.current = false;
    };
  }, [exercise, enabled]);

  const refresh = useCallback(async () => {
    if (!lab) return;
    try {
      const next = await getLab(lab.id);
      if (live.current) setLab(next);
    } catch (e) {
      if (!live.current) return;
      // A lab reaped or destroyed elsewhere is simply gone: offer to start a new one, and say so.
      if ((e as { status?: number }).status === 404) {
        setLab(undefined);
        setEnded(true);
      } else setError(e);
    }
  }, [lab]);

  // Poll while the lab is starting (or being rebuilt by a reset), and now and then while it runs and
  // the page is shown (a background tab has no clock to move; the poll starts again when it is shown).
  const visible = usePageVisible();
  useEffect(() => {
    if (!lab || lab.state === 'gone') return;
    if (lab.state !== 'starting' && !visible) return;
    const timer = setTimeout(() => void refresh(), lab.state === 'starting' ? POLL_MS : RUNNING_POLL_MS);
    return () => clearTimeout(timer);
  }, [lab, refresh, visible]);

  const act = (action: LabAction, run: () => Promise<LabView | undefined>) => async () => {
    setPending(action);
    setError(undefined);
    setEnded(false);
    try {
      const next = await run();
      if (live.current) setLab(next);
    } catch (e) {
      if (live.current) setError(e);
    } finally {
      if (live.current) setPending(undefined);
    }
  };

  return {
    lab,
    loaded,
    pending,
    error,
    refresh,
    start: act('start', () => startLab(exercise)),
    ended,
    reset: act('reset', () => (lab ? resetLab(lab.id) : Promise.resolve(undefined))),
    extend: act('extend', () => (lab ? extendLab(lab.id) : Promise.resolve(undefined))),
    stop: act('stop', async () => {
      if (lab) await stopLab(lab.id);
      return undefined;
    }),
  };
}
