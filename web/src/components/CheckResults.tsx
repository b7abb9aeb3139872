import type { Results } from '../api.js';
import { useT } from '../lib/i18n.js';

/** Each check's verdict: pass, fail (what is wrong, from the learner's point of view), or error (the checker broke, not you). */
export function CheckResults({ results }: { results: Results }) {
  const { t } = useT();
  return (
    <ul className="checks" aria-label={t('checks.results')}>
      {results.tests.map((c) => (
        <li key={`${c.task_id}/${c.name}`} className={`check check-${c.status}`} data-message-key={c.message_key}>
          <span className="check-badge">{t(`checks.status.${c.status}`)}</span>
          <span className="check-name">{c.name}</span>
          {c.message && <span className="check-message">{c.message}</span>}
          {c.status === 'error' && <span className="check-note">{t('checks.errorNote')}</span>}
        </li>
      ))}
    </ul>
  );
}
