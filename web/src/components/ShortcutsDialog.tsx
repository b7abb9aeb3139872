import { type KeyboardEvent, useEffect, useRef } from 'react';
import { useT } from '../lib/i18n.js';
import { SHORTCUTS } from '../lib/shortcuts.js';

/**
 * The keyboard shortcuts, in a modal dialog: focus moves into it and stays there (Tab wraps), Esc or
 * Close shuts it, and focus goes back to where it was (a terminal, the "?" button).
 */
export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useT();
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
        <h2 id="shortcuts-title">{t('shortcuts.title')}</h2>
        <button type="button" className="btn shortcuts-close" onClick={() => dialog.current?.close()}>
          {t('shortcuts.close')}
        </button>
      </div>
      <table className="shortcuts-table">
        <thead>
          <tr>
            <th scope="col">{t('shortcuts.keys')}</th>
            <th scope="col">{t('shortcuts.does')}</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.id}>
              <th scope="row">
                {s.keys.map((k, i) => (
                  <span key={k}>
                    {i > 0 && ' '}
                    {k === '…' ? '…' : <kbd>{k}</kbd>}
                  </span>
                ))}
              </th>
              <td>
                {t(`shortcuts.what.${s.id}`)}
                {s.note && <span className="shortcuts-note">{t(`shortcuts.note.${s.id}`)}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="shortcuts-why">{t('shortcuts.why')}</p>
    </dialog>
  );
}
