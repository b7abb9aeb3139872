import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { getMe, setDisplayName, type MeView } from '../api.js';
import { t as translate, useT } from '../lib/i18n.js';
import { ErrorNote } from './ErrorNote.js';
import { DISPLAY_NAME_MAX, DISPLAY_NAME_REFUSED } from '../../../shared/api.js';

/** What the route's schema refuses in a name (shared/api.ts). */
const REFUSED = new RegExp(`[${DISPLAY_NAME_REFUSED}]`, 'u');

/**
 * What the server would refuse (PUT /api/me: 1 to DISPLAY_NAME_MAX characters, not blank, no < > and no control,
 * format (bidi, zero-width) or separator characters), said first.
 */
function problemWith(name: string): string | undefined {
  if (!name.trim()) return translate('name.empty');
  if (name.length > DISPLAY_NAME_MAX) return translate('name.tooLong', { max: DISPLAY_NAME_MAX });
  if (REFUSED.test(name)) return translate('name.refused');
  return undefined;
}

/**
 * The learner's display name in the top bar (GET /api/me) and a small form to change it (PUT
 * /api/me), opened from the name: Escape or Cancel closes it and gives the focus back.
 */
export function DisplayName() {
  const { t } = useT();
  const [me, setMe] = useState<MeView>();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();
  const [invalid, setInvalid] = useState<string>();
  const toggle = useRef<HTMLButtonElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const id = useId();

  useEffect(() => {
    let live = true;
    getMe().then(
      (m) => live && setMe(m),
      () => undefined, // no name to show: the bar goes without
    );
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    if (open) input.current?.focus();
  }, [open]);

  if (!me) return null;

  const close = () => {
    setOpen(false);
    setError(undefined);
    setInvalid(undefined);
    toggle.current?.focus();
  };
  const start = () => {
    setDraft(me.displayName ?? '');
    setOpen(true);
  };
  const save = async (e: FormEvent) => {
    e.preventDefault();
    const name = draft.trim();
    const problem = problemWith(name);
    setInvalid(problem);
    setError(undefined);
    if (problem) return input.current?.focus();
    setSaving(true);
    try {
      setMe(await setDisplayName(name));
      close();
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="display-name">
      <button
        ref={toggle}
        type="button"
        className="topbar-btn"
        aria-expanded={open}
        aria-controls={`${id}-form`}
        onClick={() => (open ? close() : start())}
      >
        <span aria-hidden="true" className="display-name-icon">
          ●
        </span>{' '}
        {me.displayName ? (
          <>
            <span className="visually-hidden">{t('name.yours')}</span>
            {me.displayName}
            <span className="visually-hidden">{t('name.change')}</span>
          </>
        ) : (
          t('name.set')
        )}
      </button>
      {open && (
        <form
          id={`${id}-form`}
          className="name-form"
          aria-label={t('name.form')}
          onSubmit={(e) => void save(e)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') close();
          }}
        >
          <label htmlFor={`${id}-input`}>{t('name.label')}</label>
          <input
            ref={input}
            id={`${id}-input`}
            type="text"
            value={draft}
            maxLength={DISPLAY_NAME_MAX}
            autoComplete="nickname"
            aria-invalid={invalid ? true : undefined}
            aria-describedby={invalid ? `${id}-invalid` : `${id}-help`}
            onChange={(e) => setDraft(e.target.value)}
          />
          <p id={`${id}-help`} className="name-help">
            {t('name.help')}
          </p>
          {invalid && (
            <p id={`${id}-invalid`} className="name-invalid" role="alert">
              {invalid}
            </p>
          )}
          {error != null && <ErrorNote error={error} title={t('name.notSaved')} />}
          <div className="name-actions">
            <button type="submit" className="btn btn-primary" disabled={saving}>
              {saving ? t('common.saving') : t('common.save')}
            </button>
            <button type="button" className="btn btn-quiet" onClick={close}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
