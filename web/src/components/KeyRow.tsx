import type { ScreenKey } from '../terminal/keys.js';

interface Props {
  /** Ctrl is armed: the next key (on this row or typed) is sent with Ctrl. */
  ctrl: boolean;
  onCtrl: () => void;
  onKey: (key: ScreenKey) => void;
  /** The chosen tab is no terminal (the View). */
  disabled: boolean;
}

const KEYS: { key: ScreenKey; label: string; name: string }[] = [
  { key: 'esc', label: 'Esc', name: 'Esc' },
  { key: 'tab', label: 'Tab', name: 'Tab' },
  { key: 'left', label: '←', name: 'Left arrow' },
  { key: 'up', label: '↑', name: 'Up arrow' },
  { key: 'down', label: '↓', name: 'Down arrow' },
  { key: 'right', label: '→', name: 'Right arrow' },
  { key: 'pipe', label: '|', name: 'Pipe' },
  { key: 'tilde', label: '~', name: 'Tilde' },
  { key: 'slash', label: '/', name: 'Slash' },
  { key: 'dash', label: '-', name: 'Dash' },
];

/**
 * The keys a phone's or tablet's keyboard lacks, for the terminal in use: Ctrl is sticky (press it,
 * then a key: Ctrl then c sends ^C), the others send at once. Pressing one never takes focus from
 * the terminal (the on-screen keyboard stays up). Shown on narrow or touch screens (lab-layout.css).
 */
export function KeyRow({ ctrl, onCtrl, onKey, disabled }: Props) {
  const keepFocus = (e: { preventDefault: () => void }) => e.preventDefault();
  return (
    <fieldset className="key-row" aria-label="Terminal keys">
      <button type="button" className={`key${ctrl ? ' is-armed' : ''}`} aria-pressed={ctrl} aria-label="Ctrl (sticky: it applies to the next key)" disabled={disabled} onMouseDown={keepFocus} onClick={onCtrl}>
        Ctrl
      </button>
      {KEYS.map((k) => (
        <button key={k.key} type="button" className="key" aria-label={k.name} disabled={disabled} onMouseDown={keepFocus} onClick={() => onKey(k.key)}>
          {k.label}
        </button>
      ))}
    </fieldset>
  );
}
