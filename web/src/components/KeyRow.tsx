import { useT } from '../lib/i18n.js';
import type { ScreenKey } from '../terminal/keys.js';

interface Props {
  /** Ctrl is armed: the next key (on this row or typed) is sent with Ctrl. */
  ctrl: boolean;
  onCtrl: () => void;
  onKey: (key: ScreenKey) => void;
  /** The chosen tab is no terminal (the View). */
  disabled: boolean;
}

/** Each key's label (the key's own name or symbol, the same in every language) and its spoken name's catalog key. */
const KEYS: { key: ScreenKey; label: string }[] = [
  { key: 'esc', label: 'Esc' },
  { key: 'tab', label: 'Tab' },
  { key: 'left', label: '←' },
  { key: 'up', label: '↑' },
  { key: 'down', label: '↓' },
  { key: 'right', label: '→' },
  { key: 'pipe', label: '|' },
  { key: 'tilde', label: '~' },
  { key: 'slash', label: '/' },
  { key: 'dash', label: '-' },
];

/**
 * The keys a phone's or tablet's keyboard lacks, for the terminal in use: Ctrl is sticky (press it,
 * then a key: Ctrl then c sends ^C), the others send at once. Pressing one never takes focus from
 * the terminal (the on-screen keyboard stays up). Shown on narrow or touch screens (lab-layout.css).
 */
export function KeyRow({ ctrl, onCtrl, onKey, disabled }: Props) {
  const { t } = useT();
  const keepFocus = (e: { preventDefault: () => void }) => e.preventDefault();
  return (
    <fieldset className="key-row" aria-label={t('keys.label')}>
      <button type="button" className={`key${ctrl ? ' is-armed' : ''}`} aria-pressed={ctrl} aria-label={t('keys.ctrl')} disabled={disabled} onMouseDown={keepFocus} onClick={onCtrl}>
        Ctrl
      </button>
      {KEYS.map((k) => (
        <button key={k.key} type="button" className="key" aria-label={t(`keys.names.${k.key}`)} disabled={disabled} onMouseDown={keepFocus} onClick={() => onKey(k.key)}>
          {k.label}
        </button>
      ))}
    </fieldset>
  );
}
