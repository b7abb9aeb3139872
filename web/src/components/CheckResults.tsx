import type { Results } from '../api.js';

const word = { pass: 'Passed', fail: 'Not yet', error: 'Checker error' } as const;

/** Each check's verdict: pass, fail (what is wrong, from the learner's point of view), or error (the checker broke, not you). */
export function CheckResults({ results }: { results: Results }) {
  return (
    <ul className="checks" aria-label="Check results">
      {results.tests.map((t) => (
        <li key={`${t.task_id}/${t.name}`} className={`check check-${t.status}`}>
          <span className="check-badge">{word[t.status]}</span>
          <span className="check-name">{t.name}</span>
          {t.message && <span className="check-message">{t.message}</span>}
          {t.status === 'error' && (
            <span className="check-note">
              The checker broke, not you: this was not a verdict on your work. Try again; if it keeps happening, tell the course author.
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}
