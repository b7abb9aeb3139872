// One error catalog: every error the platform reports has a stable code, an HTTP status,
// and a message that tells the user what to do about it.

import { isDeadlineError } from './deadline.js';

export const ERRORS = {
  BAD_REQUEST: { status: 400, message: 'The request is not valid.' },
  UNAUTHENTICATED: { status: 401, message: 'Sign in first: this needs a learner, author or grader identity.' },
  FORBIDDEN: { status: 403, message: 'You are not allowed to do that.' },
  NOT_FOUND: { status: 404, message: 'No such resource.' },
  ORIGIN_NOT_ALLOWED: { status: 403, message: 'This request came from a page of another site; open opslab at its own address (OPSLAB_PUBLIC_URL).' },
  HOST_NOT_ALLOWED: { status: 421, message: 'This server does not answer for that host name; use the address in OPSLAB_PUBLIC_URL.' },
  LOCALE_UNKNOWN: { status: 400, message: 'This server has no such language: use lang=en (English) or lang=zh-CN (简体中文).' },
  RATE_LIMITED: { status: 429, message: 'Too many requests; wait a little and try again.' },
  EXERCISE_NOT_FOUND: { status: 404, message: 'No exercise has that id. GET /api/roadmap lists them.' },
  TASK_NOT_FOUND: { status: 404, message: 'That exercise has no task with this id.' },
  TASK_NOT_A_QUIZ: { status: 409, message: 'That task is checked in a lab, not answered as a quiz.' },
  EXERCISE_HAS_NO_LAB: { status: 409, message: 'That exercise is a quiz and has no lab to start.' },
  LAB_NOT_FOUND: { status: 404, message: 'No lab has that id (it may have been destroyed or reaped).' },
  LAB_BUSY: { status: 409, message: 'That lab is busy starting or resetting; wait until it is ready.' },
  LAB_ALREADY_STARTING: { status: 409, message: 'You already have a lab starting; wait for it or delete it first.' },
  LAB_NOT_READY: { status: 409, message: 'The lab is not ready.' },
  LAB_SETUP_FAILED: { status: 500, message: 'A setup script of the lab failed.' },
  LAB_QUOTA: { status: 409, message: 'The lab went over its disk quota and was stopped; reset it to start again.' },
  HOST_NOT_FOUND: { status: 404, message: 'The lab has no host with that name.' },
  NETWORK_NOT_FOUND: { status: 404, message: 'The lab has no network with that name.' },
  FAULT_FAILED: { status: 502, message: 'The platform could not apply that fault to the lab.' },
  VIEW_UNAVAILABLE: { status: 409, message: "This lab's engine cannot be watched (it has no probes)." },
  CAPTURE_FAILED: { status: 502, message: 'The capture could not run.' },
  HOST_GONE: { status: 409, message: 'That lab host is no longer running; reset the lab.' },
  // Its details (shared/api.ts CapacityDetails) say which cap, how many labs hold it and when to try again (also the Retry-After header).
  CAPACITY: { status: 503, message: 'No room for another lab right now; try again when one ends (the Retry-After header says about when).' },
  ADDRESS_POOL_EXHAUSTED: { status: 503, message: 'The lab address pool is exhausted; destroy idle labs or widen the pool.' },
  ENGINE_DOWN: { status: 503, message: 'The lab engine (Docker) does not answer. Run `opslab engine up`.' },
  STORE_UNAVAILABLE: { status: 503, message: "The platform's database does not answer; try again shortly." },
  STORE_BACKUP_FAILED: { status: 500, message: 'The database was not upgraded: its backup before the upgrade could not be made. Make the data directory writable with room for a copy, then start again.' },
  LABS_UNAVAILABLE: { status: 503, message: 'This server was started without a lab engine, so it has no labs. Run `opslab serve` for lessons with labs.' },
  ENGINE_LACKS_FEATURE: { status: 409, message: 'The lab engine lacks a kernel feature this exercise needs.' },
  IMAGE_MISSING: { status: 503, message: 'A lab image is missing on the engine. Run `opslab setup`.' },
  ENGINE_CONSOLE_UNAVAILABLE: { status: 503, message: 'No vm engine is running on this server, so it has no engine console. The vm engine boots when a lab needs it (OPSLAB_ENGINE=auto or vm); `opslab vm console` boots one of its own.' },
  CONSOLE_TICKET_INVALID: { status: 401, message: 'That console ticket is unknown, used or expired: a ticket opens one console within 30 s. Get a new one with POST /api/admin/engine/console/ticket and an admin token.' },
  CAPTURE_UNREADABLE: { status: 502, message: 'The capture stream from the lab is not a pcap this server reads (a bad header or an oversized record), so the capture was stopped. Start it again; if it fails again, tcpdump in the lab may have been replaced.' },
  CURRICULUM_INVALID: { status: 500, message: 'The curriculum has errors. Run `opslab validate`.' },
  INTERNAL: { status: 500, message: 'Something went wrong on the server.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

export class OpslabError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details?: unknown;

  constructor(code: ErrorCode, message?: string, options?: { cause?: unknown; details?: unknown }) {
    super(message ?? ERRORS[code].message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OpslabError';
    this.code = code;
    this.status = ERRORS[code].status;
    this.details = options?.details;
  }
}

export function isOpslabError(e: unknown, code?: ErrorCode): e is OpslabError {
  return e instanceof OpslabError && (code === undefined || e.code === code);
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ENOENT', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']);

/** A Docker API call that failed because the engine is not there (socket gone, refused, reset). */
export function isEngineUnreachable(e: unknown): boolean {
  const code = (e as { code?: string })?.code;
  return typeof code === 'string' && CONNECTION_CODES.has(code) && (e as { syscall?: string }).syscall !== 'open';
}

/**
 * What went wrong, in words fit for anyone (a learner reads it): an unreachable engine's error names
 * the engine's address ("connect ECONNREFUSED 10.0.3.4:2376"), so it is told by its code, as
 * engineDown says it; any other error by its message.
 */
export function reasonOf(e: unknown): string {
  const known = engineDown(e);
  return known instanceof Error ? known.message : String(known);
}

/** Engine-unreachable errors become ENGINE_DOWN (503, "run opslab engine up"); others pass through. */
export function engineDown(e: unknown, what = 'The lab engine'): unknown {
  if (isDeadlineError(e)) return new OpslabError('ENGINE_DOWN', `${what} is stuck: ${e.message}.`, { cause: e });
  if (isOpslabError(e) || !isEngineUnreachable(e)) return e;
  return new OpslabError('ENGINE_DOWN', `${what} does not answer (${(e as { code?: string }).code}). It may be restarting; if not, run \`opslab engine up\`.`, { cause: e });
}
