import { useEffect, useMemo, useState } from 'react';
import type { ApiError, CapacityDetails } from '../api.js';
import { useT } from '../lib/i18n.js';

/** When the server gave no estimate, s. */
const UNKNOWN_S = 60;

/**
 * A lab refused for capacity (CAPACITY, 503), said plainly: which limit (the platform's, or the
 * learner's own), how many labs hold it, about when to try again (the server's estimate, counted
 * down here), and a button that tries again.
 */
export function CapacityNote({ error, onRetry, retrying }: { error: ApiError; onRetry: () => void; retrying: boolean }) {
  const { t } = useT();
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
  const when = leftS > 0 ? t('capacity.tryIn', { count: minutes }) : t('capacity.tryNow');
  const running = typeof d.running === 'number' ? d.running : undefined;
  let text: string;
  if (d.cap === 'learner') {
    text = running === undefined ? t('capacity.learnerUnknown', { minutes }) : t('capacity.learner', { count: running, minutes });
  } else if (d.cap === 'address') {
    text = `${error.message} ${when}`;
  } else {
    text = `${running === undefined ? t('capacity.full') : t('capacity.fullRunning', { count: running })} ${when}`;
  }
  return (
    <div className="note note-error capacity-note" role="alert" data-testid="capacity-note">
      <p>{text}</p>
      <button type="button" className="btn btn-small" disabled={retrying} onClick={onRetry}>
        {retrying ? t('capacity.trying') : t('capacity.retry')}
      </button>
      <code className="note-code">{error.code}</code>
    </div>
  );
}
