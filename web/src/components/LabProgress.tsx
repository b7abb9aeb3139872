import { useEffect, useRef, useState } from 'react';
import type { LabView } from '../api.js';
import { useT } from '../lib/i18n.js';
import { describeWait } from '../lib/wait.js';

/** What the lab is doing while it starts (its stage, the time left, its log lines), or why it failed. */
export function LabProgress({ lab }: { lab: LabView }) {
  const { t } = useT();
  const list = useRef<HTMLOListElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies(lab.log.length): the count is the trigger, not an input: each new line scrolls the log to it.
  useEffect(() => {
    const el = list.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [lab.log.length]);

  // Time since this view of the lab arrived: the estimate counts down between polls.
  const [sinceView, setSinceView] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies(lab.estimate): each new estimate is the trigger: the local clock starts again from its elapsed time.
  useEffect(() => {
    const t0 = Date.now();
    setSinceView(0);
    const timer = setInterval(() => setSinceView(Date.now() - t0), 1000);
    return () => clearInterval(timer);
  }, [lab.estimate]);

  const failed = lab.state === 'failed';
  const wait = lab.estimate && describeWait(lab.estimate, sinceView);
  return (
    <div className={`lab-progress${failed ? ' is-failed' : ''}`}>
      {failed ? (
        <div className="note note-error" role="alert">
          <strong>{t('labProgress.failed')}</strong>
          {lab.error?.message ?? t('labProgress.setupFailed')}
          {lab.error?.code && <code className="note-code">{lab.error.code}</code>}
          <br />
          {t('labProgress.stoppedAt', { stage: lab.stage.label })}
        </div>
      ) : (
        <div className="lab-starting" role="status" aria-live="polite" data-stage={lab.stage.id}>
          <p className="lab-stage">
            <span className="spinner" aria-hidden="true" /> {t('labProgress.starting', { stage: lab.stage.label })}
          </p>
          {wait && (
            <p className={`lab-eta${wait.overdue ? ' is-overdue' : ''}`}>
              <strong>{wait.left}</strong> · {t('labProgress.meanwhile', { basis: wait.basis })}
            </p>
          )}
        </div>
      )}
      {lab.log.length > 0 && (
        <ol className="lab-log" ref={list} aria-label={t('labProgress.log')} aria-live={failed ? 'off' : 'polite'}>
          {lab.log.map((line, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the log only grows at its end (a reset starts a new one), so line i stays line i; lines may repeat, so their text is no key.
            <li key={i}>{line}</li>
          ))}
        </ol>
      )}
    </div>
  );
}
