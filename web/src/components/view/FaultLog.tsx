import type { LiveView } from '../../../../shared/lab-view.js';
import { faultText } from '../../view/format.js';

const time = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleTimeString();
};

/** The faults in force and the latest fault events (newest first). */
export function FaultLog({ faults, events }: Pick<LiveView, 'faults' | 'events'>) {
  return (
    <section className="view-faults" aria-label="Faults">
      <h3>Faults in force</h3>
      {faults.length === 0 ? (
        <p className="muted view-none">None: the lab is as it was built.</p>
      ) : (
        <ul className="view-fault-list" data-testid="faults">
          {faults.map((f) => (
            <li key={`${f.kind}-${f.host}-${f.network ?? ''}`}>
              <strong>{faultText(f)}</strong> <span className="muted">since {time(f.since)}, by {f.by}</span>
            </li>
          ))}
        </ul>
      )}
      {events.length > 0 && (
        <details className="view-events">
          <summary>Recent events ({events.length})</summary>
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
