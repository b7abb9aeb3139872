import type { LiveView } from '../../../../shared/lab-view.js';
import { clockTime } from '../../lib/format.js';
import { useT } from '../../lib/i18n.js';
import { faultText } from '../../view/format.js';

/** The faults in force and the latest fault events (newest first). */
export function FaultLog({ faults, events }: Pick<LiveView, 'faults' | 'events'>) {
  const { t, locale } = useT();
  const time = (iso: string) => {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? iso : clockTime(d, locale, true);
  };
  return (
    <section className="view-faults" aria-label={t('faultLog.label')}>
      <h3>{t('faultLog.title')}</h3>
      {faults.length === 0 ? (
        <p className="muted view-none">{t('faultLog.none')}</p>
      ) : (
        <ul className="view-fault-list" data-testid="faults">
          {faults.map((f) => (
            <li key={`${f.kind}-${f.host}-${f.network ?? ''}`}>
              <strong>{faultText(f)}</strong> <span className="muted">{t('faultLog.since', { time: time(f.since), by: f.by })}</span>
            </li>
          ))}
        </ul>
      )}
      {events.length > 0 && (
        <details className="view-events">
          <summary>{t('faultLog.events', { count: events.length })}</summary>
          <ol reversed>
            {[...events].reverse().map((e) => (
              <li key={`${e.at} ${e.text}`}>
                <time dateTime={e.at}>{time(e.at)}</time> {e.text}
              </li>
            ))}
          </ol>
        </details>
      )}
    </section>
  );
}
