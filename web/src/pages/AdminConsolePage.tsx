import { type FormEvent, lazy, Suspense, useEffect, useState } from 'react';
import { type ConsoleTicketView, getConsoleTicket } from '../adminApi.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { Trans } from 'react-i18next';
import { i18n, pageTitle, useT } from '../lib/i18n.js';
import type { ConsoleStatus } from '../terminal/ConsoleClient.js';

// xterm.js is most of the app's weight: loaded only once an admin connects (as LabPane does for labs).
const EngineConsoleView = lazy(() => import('../components/EngineConsoleView.js').then((m) => ({ default: m.EngineConsoleView })));

/**
 * `/admin/console`: the vm engine's serial console, for admins debugging an engine. The admin token
 * is asked for here and kept in this page's memory only; it buys a one-time ticket (30 s) for each
 * connection, since a browser cannot send it on a websocket itself.
 */
export function AdminConsolePage() {
  const { t } = useT();
  const [token, setToken] = useState('');
  const [ticket, setTicket] = useState<ConsoleTicketView>();
  const [status, setStatus] = useState<ConsoleStatus>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    document.title = pageTitle(t('admin.title'));
  }, [t]);

  const connect = async (e?: FormEvent) => {
    e?.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      setTicket(await getConsoleTicket(token.trim()));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page-status" style={{ maxWidth: 1100 }}>
      <h1>{t('admin.title')}</h1>
      <p>
        <Trans i18n={i18n} i18nKey="admin.intro" components={{ code: <code /> }} />
      </p>
      <form onSubmit={connect} style={{ display: 'flex', gap: 8, alignItems: 'center', margin: '12px 0' }}>
        <label htmlFor="admin-token">{t('admin.token')}</label>
        <input
          id="admin-token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={token}
          onChange={(e) => setToken(e.target.value)}
          style={{ flex: 1, font: 'inherit', padding: '6px 8px' }}
        />
        <button className="btn btn-primary" type="submit" disabled={busy || !token.trim()}>
          {ticket ? t('admin.reconnect') : t('admin.connect')}
        </button>
      </form>
      {error !== undefined && <ErrorNote error={error} title={t('admin.noConsole')} />}
      {status && (
        <p role="status" aria-live="polite">
          {status.state === 'ended' ? t('admin.ended', { reason: status.reason }) : status.state === 'open' ? t('admin.connected') : t('admin.connecting')}
        </p>
      )}
      {ticket && (
        <Suspense fallback={<p>{t('admin.loadingTerminal')}</p>}>
          <EngineConsoleView ticket={ticket} onStatus={setStatus} />
        </Suspense>
      )}
    </div>
  );
}
