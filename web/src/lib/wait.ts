// What the page says about a starting lab's wait: "About 30 s left", from the server's estimate
// (shared/api.ts LabEstimate) and the time since that view arrived, so it counts down between polls.
// Never a made-up number (no history: says so), never a negative one (past it: "longer than usual").
import type { LabEstimate } from '../api.js';

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
  if (s < 90) return `${Math.max(5, Math.ceil(s / 5) * 5)} s`;
  return `${Math.round(s / 60)} min`;
}

/** The wait as the page says it, `sinceViewMs` after the view with `estimate` arrived. */
export function describeWait(estimate: LabEstimate, sinceViewMs: number): WaitText {
  if (estimate.basis === 'none' || estimate.expectedMs === undefined) {
    return { left: 'No estimate yet', basis: 'no lab has finished starting on this engine yet; this start is timed for the next one', overdue: false };
  }
  const expected = estimate.expectedMs;
  const elapsed = estimate.elapsedMs + Math.max(0, sinceViewMs);
  const of = estimate.basis === 'exercise' ? 'this exercise' : 'labs on this engine';
  const basis = `a start usually takes about ${roughly(expected)}, the median of the last ${estimate.samples} starts of ${of}`;
  if (elapsed > expected) return { left: 'Taking longer than usual', basis, overdue: true };
  return { left: `About ${roughly(expected - elapsed)} left`, basis, overdue: false };
}
