import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useT } from '../lib/i18n.js';

interface Props {
  label: ReactNode;
  ariaLabel: string;
  question: string;
  confirmLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
  className?: string;
}

/** A destructive action asked twice, inline: the button turns into "question? [yes] [cancel]". */
export function ConfirmButton({ label, ariaLabel, question, confirmLabel, onConfirm, disabled, className }: Props) {
  const { t } = useT();
  const [asking, setAsking] = useState(false);
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) yes.current?.focus();
  }, [asking]);

  if (!asking) {
    return (
      <button type="button" className={className ?? 'btn'} aria-label={ariaLabel} disabled={disabled} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <fieldset className="confirm" aria-label={question}>
      <span className="confirm-question">{question}</span>
      <button
        ref={yes}
        type="button"
        className="btn btn-danger"
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" className="btn btn-quiet" onClick={() => setAsking(false)} onKeyDown={(e) => e.key === 'Escape' && setAsking(false)}>
        {t('common.cancel')}
      </button>
    </fieldset>
  );
}
