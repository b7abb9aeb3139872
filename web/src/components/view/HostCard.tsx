import type { ViewHost, ViewNeighbour, ViewVrrp } from '../../../../shared/lab-view.js';
import { useT } from '../../lib/i18n.js';
import { shortMac } from '../../view/format.js';
import { IpvsTable } from './IpvsTable.js';

interface Props {
  host: ViewHost;
  changed: Set<string>;
  onFaults: () => void;
  /** This host's fault menu is open (the button says so). */
  menuOpen: boolean;
}

/** One host as text: its state, neighbour (ARP) cache, IPVS services and VRRP, and a way to its faults. */
export function HostCard({ host, changed, onFaults, menuOpen }: Props) {
  const { t } = useT();
  const id = `view-host-${host.name}`;
  return (
    <section className={`view-card state-${host.state}`} aria-labelledby={id} data-testid={`host-card-${host.name}`}>
      <header className="view-card-head">
        <h3 id={id}>{host.name}</h3>
        <span className={`badge host-state host-${host.state}`}>{t(`view.hostState.${host.state}`, { defaultValue: host.state })}</span>
        {host.vrrp && <span className={`badge vrrp-badge vrrp-${host.vrrp.state.toLowerCase()}`}>VRRP {host.vrrp.state}</span>}
        <button type="button" className="btn btn-small" aria-expanded={menuOpen} aria-label={t('view.faultsOf', { host: host.name })} onClick={onFaults}>
          {t('view.faultsButton')}
        </button>
      </header>
      {host.unreadable && <p className="view-unreadable">{t('view.unreadable', { why: host.unreadable })}</p>}
      <NeighbourTable host={host.name} neighbours={host.neighbours} />
      {host.ipvs && host.ipvs.length > 0 && <IpvsTable host={host.name} services={host.ipvs} changed={changed} />}
      {host.vrrp && <VrrpBlock vrrp={host.vrrp} />}
    </section>
  );
}

function NeighbourTable({ host, neighbours }: { host: string; neighbours: ViewNeighbour[] }) {
  const { t } = useT();
  if (neighbours.length === 0) return <p className="muted view-none">{t('view.neighEmpty')}</p>;
  return (
    <table className="view-table" data-testid={`neigh-${host}`}>
      <caption>{t('view.neighCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">IP</th>
          <th scope="col">MAC</th>
          <th scope="col">{t('view.owner')}</th>
          <th scope="col">{t('view.state')}</th>
          <th scope="col">{t('view.iface')}</th>
        </tr>
      </thead>
      <tbody>
        {neighbours.map((n) => (
          <tr key={`${n.ip}-${n.iface}`} className={n.warning ? 'is-warning' : undefined} data-ip={n.ip}>
            <th scope="row">
              <code>{n.ip}</code>
            </th>
            <td>
              <code title={n.mac}>{shortMac(n.mac)}</code>
            </td>
            <td data-owner={n.owner ?? ''}>
              {n.owner ?? <span className="muted">{t('view.noHost')}</span>}
              {n.warning && (
                <span className="view-warning">
                  <span aria-hidden="true">⚠ </span>
                  {n.warning}
                </span>
              )}
            </td>
            <td>{n.state}</td>
            <td>{n.iface}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function VrrpBlock({ vrrp }: { vrrp: ViewVrrp }) {
  const { t } = useT();
  return (
    <table className="view-table">
      <caption>VRRP: {vrrp.state}</caption>
      <thead>
        <tr>
          <th scope="col">VRID</th>
          <th scope="col">{t('view.priority')}</th>
          <th scope="col">{t('view.interval')}</th>
          <th scope="col">{t('view.master')}</th>
          <th scope="col">{t('view.lastAdvert')}</th>
          <th scope="col">{t('view.addressesCol')}</th>
        </tr>
      </thead>
      <tbody>
        {vrrp.instances.map((i) => (
          <tr key={`${i.vrid}-${i.from}`}>
            <th scope="row">{i.vrid}</th>
            <td>{i.priority}</td>
            <td>{t('view.seconds', { n: i.intervalS })}</td>
            <td>
              {i.master ?? <code>{i.from}</code>}
            </td>
            <td className={i.ageS > 3 * i.intervalS ? 'is-warning' : undefined}>{t('view.ago', { n: i.ageS.toFixed(1) })}</td>
            <td>
              <code>{i.addresses.join(' ')}</code>
            </td>
          </tr>
        ))}
        {vrrp.instances.length === 0 && (
          <tr>
            <td colSpan={6} className="muted">
              {t('view.noAdverts')}
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
