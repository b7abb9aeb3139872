// Bounded waiting. Every call to an engine can hang (a wedged guest under emulation, a Docker
// daemon stuck on a lock): whatever waits on one says how long it is willing to wait, and a
// wait that runs out is an error that names what was being waited for.

export class DeadlineError extends Error {
  readonly what: string;
  readonly ms: number;
  constructor(what: string, ms: number) {
    super(`${what} did not finish within ${Math.round(ms / 100) / 10} s`);
    this.name = 'DeadlineError';
    this.what = what;
    this.ms = ms;
  }
}

export const isDeadlineError = (e: unknown): e is DeadlineError => e instanceof DeadlineError;

/**
 * `promise`, or a DeadlineError once `ms` have passed. The promise itself is not cancelled (an
 * HTTP request to a hung engine cannot be taken back); `onTimeout` may release what it holds.
 */
export function withDeadline<T>(promise: Promise<T>, ms: number, what: string, onTimeout?: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout?.();
      reject(new DeadlineError(what, ms));
    }, ms);
  });
  promise.catch(() => {}); // a rejection after the deadline is nobody's to handle
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}
