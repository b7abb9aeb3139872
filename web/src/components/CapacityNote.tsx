import { useEffect, useMemo, useState } from 'react';
import type { ApiError, CapacityDetails } from '../api.js';

/** When the server gave no estimate, s. */
const UNKNOWN_S = 60;

/**
 * A lab refused for capacity (CAPACITY, 503), said plainly: which limit (the platform's, or the
 * learner's own), how many labs hold it, about when to try again (the server's estimate, counted
 * down here), and a button that tries again.
 */
export function CapacityNote({ error, onRetry, retrying }: { error: ApiError; onRetry: () => void; retrying: boolean }) {
  const d = (error.details ?? {}) as Partial<CapacityDetails>;
  const waitS = typeof d.retryAfter === 'number' && d.retryAfter > 0 ? d.retryAfter : UNKNOWN_S;
  // biome-ignore lint/correctness/useExhaustiveDependencies(error): each refusal is the trigger: its estimate counts from when it came.
  const since = useMemo(() => Date.now(), [error]);
  const [now, setNow] = useState(since);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, []);

  const leftS = Math.max(0, waitS - (now - since) / 1000);
  const minutes = Math.max(1, Math.ceil(leftS / 60));
  const when = leftS > 0 ? `Try again in about ${minutes} minute${minutes === 1 ? '' : 's'}.` : 'A place may be free now: try again.';
  const running = typeof d.running === 'number' ? d.running : undefined;
  let text: string;
  if (d.cap === 'learner') {
    text = `You already have ${running ?? 'as many'} lab${running === 1 ? '' : 's'} running, as many as one learner may. Stop one you no longer need (open its exercise and press Stop), or wait: your idlest lab is stopped in about ${minutes} minute${minutes === 1 ? '' : 's'} if nobody uses it.`;
  } else if (d.cap === 'address') {
    text = `${error.message} ${when}`;
  } else {
    text = `The platform is full${running !== undefined ? `: ${running} ${running === 1 ? 'lab is' : 'labs are'} running` : ''}. ${when}`;
  }
  return (
    <div className="note note-error capacity-note" role="alert" data-testid="capacity-note">
      <p>{text}</p>
      <button type="button" className="btn btn-small" disabled={retrying} onClick={onRetry}>
        {retrying ? 'Trying…' : 'Try again'}
      </button>
      <code className="note-code">{error.code}</code>
    </div>
  );
}
