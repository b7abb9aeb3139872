// What the page says about a starting lab's wait: "About 30 s left", from the server's estimate
// (shared/api.ts LabEstimate) and the time since that view arrived, so it counts down between polls.
// Never a made-up number (no history: says so), never a negative one (past it: "longer than usual").
import type { LabEstimate } from '../api.js';
import { t } from './i18n.js';

export interface WaitText {
  /** "About 30 s left", "Taking longer than usual", "No estimate yet". */
  left: string;
  /** What the estimate rests on, or why there is none. */
  basis: string;
  overdue: boolean;
}

/** A duration for people: seconds in steps of 5 under a minute and a half, then whole minutes. */
export function roughly(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s < 90) return t('wait.seconds', { n: Math.max(5, Math.ceil(s / 5) * 5) });
  return t('wait.minutes', { n: Math.round(s / 60) });
}

/** The wait as the page says it, `sinceViewMs` after the view with `estimate` arrived. */
export function describeWait(estimate: LabEstimate, sinceViewMs: number): WaitText {
  if (estimate.basis === 'none' || estimate.expectedMs === undefined) {
    return { left: t('wait.noEstimate'), basis: t('wait.noBasis'), overdue: false };
  }
  const expected = estimate.expectedMs;
  const elapsed = estimate.elapsedMs + Math.max(0, sinceViewMs);
  const basis = t(estimate.basis === 'exercise' ? 'wait.basisExercise' : 'wait.basisEngine', { usual: roughly(expected), count: estimate.samples });
  if (elapsed > expected) return { left: t('wait.overdue'), basis, overdue: true };
  return { left: t('wait.left', { time: roughly(expected - elapsed) }), basis, overdue: false };
}
