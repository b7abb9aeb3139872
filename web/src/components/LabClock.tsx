import { useEffect, useMemo, useState } from 'react';
import type { LabView } from '../api.js';
import { clockTime } from '../lib/format.js';
import { Trans } from 'react-i18next';
import { i18n, useT } from '../lib/i18n.js';

/** Below this much idle time left, the clock warns. */
const WARN_MS = 10 * 60_000;

/**
 * When the platform stops the lab if it is left idle ("idle — stops at 14:32 (in 58 min)"), counted
 * down on this page's clock from the server's `idleLeftMs` (so a wrong clock here does not matter)
 * and updated each time the minute changes; a warning under ten minutes, and Extend.
 */
export function LabClock({ lab, onExtend, extending }: { lab: LabView; onExtend: () => void; extending: boolean }) {
  const { t, locale } = useT();
  const leftAtView = lab.idleLeftMs;
  // biome-ignore lint/correctness/useExhaustiveDependencies(lab): each view of the lab is the trigger: the countdown starts again from it.
  const viewedAt = useMemo(() => Date.now(), [lab]);
  const [now, setNow] = useState(viewedAt);

  useEffect(() => {
    if (leftAtView === undefined) return;
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      const t = Date.now();
      setNow(t);
      const left = leftAtView - (t - viewedAt);
      // Wake when the minute shown changes (a little after, so the new one shows).
      timer = setTimeout(tick, (left > 0 ? left % 60_000 || 60_000 : 60_000) + 50);
    };
    tick();
    return () => clearTimeout(timer);
  }, [leftAtView, viewedAt]);

  if (leftAtView === undefined) return null;
  const left = Math.max(0, leftAtView - (now - viewedAt));
  const at = now + left;
  const minutes = Math.ceil(left / 60_000);
  const warn = left < WARN_MS;
  return (
    <div className={`lab-clock${warn ? ' is-warning' : ''}`} data-testid="lab-clock">
      <span className="lab-idle" title={t('clock.why')}>
        <Trans
          i18n={i18n}
          i18nKey="clock.idle"
          values={{ at: clockTime(at, locale), left: left > 0 ? t('clock.inMinutes', { count: minutes }) : t('clock.anyMoment') }}
          components={{ time: <time dateTime={new Date(at).toISOString()} /> }}
        />
      </span>
      <button type="button" className="btn btn-small" disabled={extending} onClick={onExtend} aria-label={t('clock.extendLabel')}>
        {extending ? t('clock.extending') : t('clock.extend')}
      </button>
      {warn && (
        <span className="lab-clock-warning" role="status">
          {t('clock.warning')}
        </span>
      )}
    </div>
  );
}
