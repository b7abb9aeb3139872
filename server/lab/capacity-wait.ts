// When a refused learner should try again: a CAPACITY error (capacity.ts, shared.ts refusedError)
// says which cap refused and how many labs hold it; this adds an estimate of when one of those labs
// frees its place, so the page can say "try again in about 20 minutes" and the answer carries a
// Retry-After header (the error handler sends `details.retryAfter`). The estimate is the soonest
// time the idle reaper would stop one of them (its last activity plus the idle limit, plus one
// reaper round); learners stopping labs themselves only make it sooner.
import type { CapacityDetails } from '../../shared/api.js';
import { isOpslabError, OpslabError } from '../errors.js';
import type { CapHeld } from './capacity.js';

/** Never tell anyone to come back sooner than this, s (a retry storm) ... */
export const MIN_RETRY_S = 30;
/** ... nor later than this (a wild clock, a huge idle limit): past it, "try again later" says nothing more. */
export const MAX_RETRY_S = 3600;
/** What is said when no lab holding the refused places is known (a warm lab, another engine's). */
export const UNKNOWN_RETRY_S = 60;
/** The reaper runs once a minute: a lab past its idle limit is stopped at its next round. */
const REAPER_ROUND_MS = 60_000;

/** A live lab that holds a place: whose, from which address, on which engine, and its last activity. */
export interface PlaceHolder {
  learner: string;
  address?: string;
  engineId?: string;
  lastActive: Date | string;
}

/**
 * Seconds until one of `holders` (the labs holding the places of the cap that refused) would be
 * reaped if left idle, within [MIN_RETRY_S, MAX_RETRY_S]; UNKNOWN_RETRY_S when there is none.
 */
export function retryAfterS(props: { holders: PlaceHolder[]; idleMs: number; now?: number }): number {
  const now = props.now ?? Date.now();
  const soonest = Math.min(...props.holders.map((h) => new Date(h.lastActive).getTime() + props.idleMs + REAPER_ROUND_MS));
  if (!Number.isFinite(soonest)) return UNKNOWN_RETRY_S;
  return Math.min(MAX_RETRY_S, Math.max(MIN_RETRY_S, Math.ceil((soonest - now) / 1000)));
}

/**
 * The CAPACITY error `e` with `details.retryAfter` added (any other error as it is): the labs that
 * count are those of the cap that refused (the learner's own, their address's, the engine's or all).
 * The platform-wide refusal's message says the count and the wait in words.
 */
export function withRetryAfter(e: unknown, props: { holders: PlaceHolder[]; idleMs: number; learner: string; address?: string }): unknown {
  if (!isOpslabError(e, 'CAPACITY')) return e;
  const held = e.details as CapHeld | undefined;
  if (!held?.cap) return e;
  const mine = (h: PlaceHolder) => {
    switch (held.cap) {
      case 'learner':
        return h.learner === props.learner;
      case 'address':
        return h.address !== undefined && h.address === props.address;
      case 'engine':
        return held.engine === undefined || h.engineId === held.engine;
      default:
        return true;
    }
  };
  const retryAfter = retryAfterS({ holders: props.holders.filter(mine), idleMs: props.idleMs });
  const details: CapacityDetails = { cap: held.cap, running: held.running, retryAfter };
  const minutes = Math.max(1, Math.round(retryAfter / 60));
  const message =
    held.cap === 'platform'
      ? `The platform is full: ${held.running} ${held.running === 1 ? 'lab is' : 'labs are'} running, as many as it holds. Try again in about ${minutes} minute${minutes === 1 ? '' : 's'}, when an idle one is stopped.`
      : e.message;
  return new OpslabError('CAPACITY', message, { cause: e.cause, details });
}
