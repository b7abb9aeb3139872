import { useState } from 'react';
import { getSolution, type SolutionView } from '../api.js';
import { CodeTools, withoutInvisible } from './CodeTools.js';
import { Trans } from 'react-i18next';
import { i18n, useT } from '../lib/i18n.js';
import { ErrorNote } from './ErrorNote.js';

/** "Show solution": the task's solve scripts, one per host, fetched on request. */
export function Solution({ exercise, task, taskTitle }: { exercise: string; task: string; taskTitle: string }) {
  const { t } = useT();
  const [solution, setSolution] = useState<SolutionView>();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(false);

  const toggle = async () => {
    if (open) return setOpen(false);
    setOpen(true);
    if (solution) return;
    setLoading(true);
    setError(undefined);
    try {
      setSolution(await getSolution(exercise, task));
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  };

  return (
    <div className="solution">
      <button type="button" className="btn btn-quiet" aria-expanded={open} aria-label={t(open ? 'solution.hideFor' : 'solution.showFor', { task: taskTitle })} onClick={() => void toggle()}>
        {open ? t('solution.hide') : t('solution.show')}
      </button>
      {open && loading && <p className="muted">{t('solution.loading')}</p>}
      {open && error != null && <ErrorNote error={error} />}
      {open && solution && <SolutionSteps steps={solution.steps} />}
    </div>
  );
}

/**
 * Each solve script, shown as Copy and Run type it: one text for both, without the characters a reader
 * cannot see (withoutInvisible). Solve scripts are course text, not trusted: a right-to-left override
 * kept its effect in the block's left-to-right layout (`mv -- <RLO>12 34` showed as `mv -- 43 21`)
 * while Run typed `mv -- 12 34`.
 */
export function SolutionSteps({ steps }: { steps: SolutionView['steps'] }) {
  useT(); // re-render on a language change ("on host" is the app's words)
  return steps.map((s, i) => {
    const text = forTyping(withoutInvisible(s.text));
    return (
      // biome-ignore lint/suspicious/noArrayIndexKey: the steps are fetched once and never change or reorder; host and script together need not be unique.
      <figure key={i} className="solution-step">
        <figcaption>
          <Trans i18n={i18n} i18nKey="solution.on" values={{ host: s.host, script: s.script }} components={{ host: <strong />, name: <span className="muted" /> }} />
        </figcaption>
        <div className="code-block">
          <div className="code-bar">
            <CodeTools text={text} lang="sh" host={s.host} pending={false} />
          </div>
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a long line scrolls sideways; the keyboard must reach it (axe: scrollable-region-focusable). */}
          <pre tabIndex={0}>
            <code>{text}</code>
          </pre>
        </div>
      </figure>
    );
  });
}

/** A solve script as a learner would type it: without a leading `set -e…`, which would end an interactive shell at the first error. */
function forTyping(script: string): string {
  return script.replace(/^set -e\w*\n/, '');
}
