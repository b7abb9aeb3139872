/** "3 of 7 done" with a bar: the bar is named for screen readers, the words say it for everyone. */
export function ProgressMeter({ done, total, label, className }: { done: number; total: number; label: string; className?: string }) {
  return (
    <span className={`meter${className ? ` ${className}` : ''}${done === total && total > 0 ? ' is-full' : ''}`}>
      <progress max={total} value={done} aria-label={`${label}: ${done} of ${total} done`} />
      <span className="meter-text">
        {done} of {total} done
      </span>
    </span>
  );
}
