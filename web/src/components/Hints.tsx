import { useState } from 'react';
import { useT } from '../lib/i18n.js';
import { Markdown } from './Markdown.js';

/** Progressive hints: revealed one at a time, on request. */
export function Hints({ hints, values, taskTitle }: { hints: string[]; values?: Record<string, string>; taskTitle: string }) {
  const { t } = useT();
  const [shown, setShown] = useState(0);
  if (hints.length === 0) return null;
  return (
    <div className="hints">
      {shown > 0 && (
        <ol className="hint-list" aria-label={t('hints.label')}>
          {hints.slice(0, shown).map((h, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the task's fixed hints, revealed in order, so hint i is always at i; two hints may read the same.
            <li key={i}>
              <Markdown text={h} values={values} />
            </li>
          ))}
        </ol>
      )}
      {shown < hints.length && (
        <button type="button" className="btn btn-quiet" aria-label={t('hints.showFor', { n: shown + 1, total: hints.length, task: taskTitle })} onClick={() => setShown(shown + 1)}>
          {t('hints.show', { n: shown + 1, total: hints.length })}
        </button>
      )}
    </div>
  );
}
