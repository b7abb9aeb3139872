import { useEffect, useState } from 'react';
import { getHistory, type CheckRunView, type TaskView } from '../api.js';
import { dateTime } from '../lib/format.js';
import { useT } from '../lib/i18n.js';
import { ErrorNote } from './ErrorNote.js';

/**
 * The learner's check runs of this exercise (GET /api/history), newest first, in a collapsible
 * panel: loaded when opened, and again after each run on the page (`runs` counts them).
 */
export function CheckHistory({ exercise, tasks, runs }: { exercise: string; tasks: TaskView[]; runs: number }) {
  const { t, locale } = useT();
  const [open, setOpen] = useState(false);
  const [history, setHistory] = useState<CheckRunView[]>();
  const [error, setError] = useState<unknown>();

  // biome-ignore lint/correctness/useExhaustiveDependencies: `runs` and `locale` are reload triggers: each new run on the page, and each language switch (the messages come in it), loads the history again.
  useEffect(() => {
    if (!open) return;
    let live = true;
    getHistory(exercise).then(
      (h) => {
        if (!live) return;
        setHistory(h);
        setError(undefined);
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [open, exercise, runs, locale]);

  const titles = new Map(tasks.map((t) => [t.id, t.title]));
  return (
    <details className="history" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t('history.title')}</summary>
      {error != null && <ErrorNote error={error} title={t('history.failed')} />}
      {!history && !error && <p className="muted">{t('common.loading')}</p>}
      {history?.length === 0 && <p className="muted">{t('history.none')}</p>}
      {history && history.length > 0 && (
        <div className="history-scroll">
          <table className="history-table">
            <caption className="visually-hidden">{t('history.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('history.time')}</th>
                <th scope="col">{t('history.task')}</th>
                <th scope="col">{t('history.status')}</th>
                <th scope="col">{t('history.message')}</th>
              </tr>
            </thead>
            <tbody>
              {history.map((h) => (
                <tr key={h.id} className={`history-${h.status}`}>
                  <td>
                    <time dateTime={h.at}>{dateTime(h.at, locale)}</time>
                  </td>
                  <td>{h.task ? (titles.get(h.task) ?? h.task) : t('history.allTasks')}</td>
                  <td>
                    <span className={`history-status status-${h.status}`}>{t(`checks.status.${h.status}`)}</span>
                  </td>
                  <td>{messageOf(h)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </details>
  );
}

/** A run's message: a single check's own words, else the run's summary. */
function messageOf(h: CheckRunView): string {
  const tests = h.results?.tests ?? [];
  if (tests.length === 1) return tests[0]!.message || h.results.message;
  return h.results?.message ?? '';
}
