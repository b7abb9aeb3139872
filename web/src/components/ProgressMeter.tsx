import { useT } from '../lib/i18n.js';

/** "3 of 7 done" with a bar: the bar is named for screen readers, the words say it for everyone. */
export function ProgressMeter({ done, total, label, className }: { done: number; total: number; label: string; className?: string }) {
  const { t } = useT();
  return (
    <span className={`meter${className ? ` ${className}` : ''}${done === total && total > 0 ? ' is-full' : ''}`}>
      <progress max={total} value={done} aria-label={t('meter.label', { label, done, total })} />
      <span className="meter-text">{t('meter.text', { done, total })}</span>
    </span>
  );
}
