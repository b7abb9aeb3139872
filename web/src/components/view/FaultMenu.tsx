import { useEffect, useRef, useState, type FormEvent } from 'react';
import { applyFault } from '../../api.js';
import type { FaultRecord, FaultRequest, ViewHost } from '../../../../shared/lab-view.js';
import { Trans } from 'react-i18next';
import { i18n, useT } from '../../lib/i18n.js';
import { ErrorNote } from '../ErrorNote.js';

interface Props {
  lab: string;
  host: ViewHost;
  /** The host's networks (its links). */
  networks: string[];
  onClose: () => void;
  /** The faults in force after a request succeeded. */
  onApplied: (faults: FaultRecord[]) => void;
}

/** Break one host on purpose: power, and per link cut/heal, netem (delay, loss, rate) and clear. */
export function FaultMenu({ lab, host, networks, onClose, onApplied }: Props) {
  const { t } = useT();
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [shaping, setShaping] = useState<string>();
  const box = useRef<HTMLFieldSetElement>(null);
  // On open, and after a request (its button was disabled meanwhile, so focus fell out of the menu):
  // keyboard focus on the first action that can be taken.
  useEffect(() => {
    if (busy || box.current?.contains(document.activeElement)) return;
    box.current?.querySelector<HTMLButtonElement>('.fault-row button:not(:disabled)')?.focus();
  }, [busy]);

  const run = async (label: string, req: FaultRequest) => {
    setBusy(label);
    setError(undefined);
    try {
      const { faults } = await applyFault(lab, req);
      onApplied(faults);
      setShaping(undefined);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(undefined);
    }
  };

  const stopped = host.state !== 'running';
  return (
    <fieldset className="fault-menu" ref={box} onKeyDown={(e) => e.key === 'Escape' && onClose()} data-testid={`fault-menu-${host.name}`}>
      <legend className="fault-menu-head">
        {t('view.faultsOf', { host: host.name })}{' '}
        <button type="button" className="btn btn-quiet" onClick={onClose}>
          {t('shortcuts.close')}
        </button>
      </legend>
      <div className="fault-row">
        <span>{t('fault.power')}</span>
        <button type="button" className="btn btn-small" disabled={!!busy || stopped} onClick={() => void run('stop', { action: 'stop', host: host.name })}>
          {busy === 'stop' ? t('fault.poweringOff') : t('fault.powerOff')}
        </button>
        <button type="button" className="btn btn-small" disabled={!!busy || !stopped} onClick={() => void run('start', { action: 'start', host: host.name })}>
          {busy === 'start' ? t('fault.poweringOn') : t('fault.powerOn')}
        </button>
      </div>
      {networks.map((network) => {
        const iface = host.interfaces.find((i) => i.network === network);
        const act = (action: FaultRequest['action']) => () => void run(`${action}-${network}`, { action, host: host.name, network });
        return (
          <div key={network} className="fault-row">
            <span>
              <Trans i18n={i18n} i18nKey="fault.linkTo" values={{ network }} components={{ code: <code /> }} />
              {iface && <span className="muted"> ({iface.name})</span>}
            </span>
            <button type="button" className="btn btn-small" disabled={!!busy || iface?.cut} onClick={act('cut')} aria-label={t('fault.cutLabel', { host: host.name, network })}>
              {t('fault.cut')}
            </button>
            <button type="button" className="btn btn-small" disabled={!!busy || (iface !== undefined && !iface.cut)} onClick={act('heal')} aria-label={t('fault.healLabel', { host: host.name, network })}>
              {t('fault.heal')}
            </button>
            <button type="button" className="btn btn-small" disabled={!!busy} aria-expanded={shaping === network} onClick={() => setShaping(shaping === network ? undefined : network)}>
              {t('fault.netem')}
            </button>
            <button type="button" className="btn btn-small" disabled={!!busy || (iface !== undefined && !iface.netem)} onClick={act('clear')} aria-label={t('fault.clearLabel', { host: host.name, network })}>
              {t('fault.clear')}
            </button>
            {shaping === network && <NetemForm busy={!!busy} onSubmit={(netem) => void run(`netem-${network}`, { action: 'netem', host: host.name, network, netem })} />}
          </div>
        );
      })}
      {busy && (
        <p className="muted" role="status">
          {t('fault.working')}
        </p>
      )}
      {error != null && <ErrorNote error={error} />}
    </fieldset>
  );
}

function NetemForm({ busy, onSubmit }: { busy: boolean; onSubmit: (netem: NonNullable<FaultRequest['netem']>) => void }) {
  const { t } = useT();
  const [delay, setDelay] = useState('100');
  const [loss, setLoss] = useState('0');
  const [rate, setRate] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const n = (v: string) => (v.trim() === '' ? undefined : Number(v));
    onSubmit({ delayMs: n(delay) || undefined, lossPct: n(loss) || undefined, rateKbit: n(rate) || undefined });
  };
  return (
    <form className="netem-form" onSubmit={submit}>
      <label>
        {t('fault.delay')} <input type="number" min={0} max={10000} value={delay} onChange={(e) => setDelay(e.target.value)} />
      </label>
      <label>
        {t('fault.loss')} <input type="number" min={0} max={100} step="any" value={loss} onChange={(e) => setLoss(e.target.value)} />
      </label>
      <label>
        {t('fault.rate')} <input type="number" min={1} placeholder={t('fault.none')} value={rate} onChange={(e) => setRate(e.target.value)} />
      </label>
      <button type="submit" className="btn btn-small btn-primary" disabled={busy}>
        {t('fault.apply')}
      </button>
    </form>
  );
}
