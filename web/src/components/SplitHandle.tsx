import { useT } from '../lib/i18n.js';
import { type KeyboardEvent, type PointerEvent, type RefObject, useRef } from 'react';
import { clampSplit, DEFAULT_LAYOUT, SPLIT_MAX, SPLIT_MIN, SPLIT_STEP } from '../lib/layout.js';

interface Props {
  /** The lesson's share of the width, percent. */
  value: number;
  onChange: (pct: number) => void;
  /** The id of the pane it resizes (the lesson). */
  controls: string;
  /** What the percentage is of (the page holding both panes). */
  container: RefObject<HTMLElement | null>;
  onDragging: (dragging: boolean) => void;
}

/**
 * The handle between the lesson and the lab: dragged with a pointer, or focused and moved with the
 * arrow keys (Page Up/Down: larger steps, Home/End: the limits, Enter: back to the default), as a
 * WAI-ARIA window splitter (role separator with its value).
 */
export function SplitHandle({ value, onChange, controls, container, onDragging }: Props) {
  const { t } = useT();
  const dragging = useRef(false);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const big = SPLIT_STEP * 5;
    const next: Record<string, number> = {
      ArrowLeft: value - SPLIT_STEP,
      ArrowUp: value - SPLIT_STEP,
      ArrowRight: value + SPLIT_STEP,
      ArrowDown: value + SPLIT_STEP,
      PageUp: value - big,
      PageDown: value + big,
      Home: SPLIT_MIN,
      End: SPLIT_MAX,
      Enter: DEFAULT_LAYOUT.lessonPct,
    };
    const to = next[e.key];
    if (to === undefined) return;
    e.preventDefault();
    onChange(clampSplit(to));
  };

  const moveTo = (clientX: number) => {
    const box = container.current?.getBoundingClientRect();
    if (box && box.width > 0) onChange(clampSplit(((clientX - box.left) / box.width) * 100));
  };
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    dragging.current = true;
    onDragging(true);
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => dragging.current && moveTo(e.clientX);
  const stop = () => {
    if (!dragging.current) return;
    dragging.current = false;
    onDragging(false);
  };

  const pct = Math.round(value);
  return (
    // biome-ignore lint/a11y/useSemanticElements: a focusable window splitter with a value (WAI-ARIA), not the static rule <hr> is.
    <div
      className="split-handle"
      role="separator"
      aria-orientation="vertical"
      aria-label={t('split.label')}
      aria-controls={controls}
      aria-valuenow={pct}
      aria-valuemin={SPLIT_MIN}
      aria-valuemax={SPLIT_MAX}
      aria-valuetext={t('split.value', { pct })}
      tabIndex={0}
      title={t('split.title')}
      onKeyDown={onKeyDown}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={stop}
      onPointerCancel={stop}
      onDoubleClick={() => onChange(DEFAULT_LAYOUT.lessonPct)}
    >
      <span className="split-grip" aria-hidden="true" />
    </div>
  );
}
