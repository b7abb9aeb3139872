import { type KeyboardEvent, useEffect, useRef } from 'react';
import { SHORTCUTS } from '../lib/shortcuts.js';

/**
 * The keyboard shortcuts, in a modal dialog: focus moves into it and stays there (Tab wraps), Esc or
 * Close shuts it, and focus goes back to where it was (a terminal, the "?" button).
 */
export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) {
      opener.current = document.activeElement;
      d.showModal();
      d.querySelector<HTMLElement>('.shortcuts-close')?.focus();
    } else if (!open && d.open) d.close();
  }, [open]);

  const onClosed = () => {
    onClose();
    const back = opener.current;
    opener.current = null;
    if (back instanceof HTMLElement && back.isConnected) back.focus();
  };

  // A modal dialog makes the page inert; Tab at either end wraps instead of leaving for the browser's own UI.
  const onKeyDown = (e: KeyboardEvent<HTMLDialogElement>) => {
    if (e.key !== 'Tab') return;
    const focusable = [...(dialog.current?.querySelectorAll<HTMLElement>('button, [href], [tabindex]:not([tabindex="-1"])') ?? [])];
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) return;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  return (
    <dialog ref={dialog} className="shortcuts-dialog" aria-labelledby="shortcuts-title" onClose={onClosed} onKeyDown={onKeyDown}>
      <div className="shortcuts-head">
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        <button type="button" className="btn shortcuts-close" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </div>
      <table className="shortcuts-table">
        <thead>
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">What they do</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.keys.join()}>
              <th scope="row">
                {s.keys.map((k, i) => (
                  <span key={k}>
                    {i > 0 && ' '}
                    {k === '…' ? '…' : <kbd>{k}</kbd>}
                  </span>
                ))}
              </th>
              <td>
                {s.what}
                {s.note && <span className="shortcuts-note">{s.note}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="shortcuts-why">
        Why Ctrl+Shift: the terminal is a real shell, and it needs its keys. Ctrl+C, Ctrl+D, Ctrl+L, Ctrl+R, Tab, Esc and the arrows belong to it, and so do Alt+letters and Alt+digits (bash moves by words with Alt+B and
        Alt+F, deletes one with Alt+D, and takes Alt+1 as a count). Terminals keep Ctrl+Shift for themselves, so these keys never take one from the shell.
      </p>
    </dialog>
  );
}
