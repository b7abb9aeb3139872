import { useEffect, useRef } from 'react';
import type { LabView } from '../api.js';

/** What the lab is doing while it starts (its log lines), or why it failed. */
export function LabProgress({ lab }: { lab: LabView }) {
  const list = useRef<HTMLOListElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies(lab.log.length): the count is the trigger, not an input: each new line scrolls the log to it.
  useEffect(() => {
    const el = list.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [lab.log.length]);

  const failed = lab.state === 'failed';
  return (
    <div className={`lab-progress${failed ? ' is-failed' : ''}`}>
      {failed ? (
        <div className="note note-error" role="alert">
          <strong>The lab could not start. </strong>
          {lab.error?.message ?? 'A setup step failed.'}
          {lab.error?.code && <code className="note-code">{lab.error.code}</code>}
          <br />
          Reset the lab to try again, or stop it. The log below says which step failed.
        </div>
      ) : (
        <p className="lab-starting" role="status">
          <span className="spinner" aria-hidden="true" /> Starting your lab… this takes a few seconds.
        </p>
      )}
      {lab.log.length > 0 && (
        <ol className="lab-log" ref={list} aria-label="Lab start log" aria-live={failed ? 'off' : 'polite'}>
          {lab.log.map((line, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the log only grows at its end (a reset starts a new one), so line i stays line i; lines may repeat, so their text is no key.
            <li key={i}>{line}</li>
          ))}
        </ol>
      )}
    </div>
  );
}
