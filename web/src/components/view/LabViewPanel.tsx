import { useState } from 'react';
import type { FaultRecord, LiveView } from '../../../../shared/lab-view.js';
import { Trans } from 'react-i18next';
import { i18n, useT } from '../../lib/i18n.js';
import { useLiveView } from '../../lib/useLiveView.js';
import { usePageVisible } from '../../lib/usePageVisible.js';
import { hostNetworks } from '../../view/layout.js';
import { ErrorNote } from '../ErrorNote.js';
import { CapturePanel } from './CapturePanel.js';
import { FaultLog } from './FaultLog.js';
import { FaultMenu } from './FaultMenu.js';
import { HostCard } from './HostCard.js';
import { TopologyDiagram } from './TopologyDiagram.js';

interface Props {
  lab: string;
  /** The lab's hosts and their addresses by network (the topology, for hosts the view cannot read). */
  hosts: { name: string; addresses: Record<string, string> }[];
  /** The View tab is shown: only then is the view's stream open (and a capture allowed to run). */
  active: boolean;
  onLabGone: () => void;
}

/** The View tab: the lab's topology as it is now, each host's tables, its faults, and packet captures. */
export function LabViewPanel({ lab, hosts, active, onLabGone }: Props) {
  const visible = usePageVisible();
  const { view, changed, status } = useLiveView(lab, active && visible, onLabGone);
  const [menu, setMenu] = useState<{ host: string; from: 'diagram' | 'card' }>();
  // The faults a request just put in force, shown until the next view (which has them too) arrives.
  const [applied, setApplied] = useState<{ faults: FaultRecord[]; at: string }>();

  const topology = Object.fromEntries(hosts.map((h) => [h.name, Object.keys(h.addresses)]));
  const faults = view && applied && applied.at === view.at ? applied.faults : view?.faults;

  const faultMenu = (host: string) => {
    const h = view?.hosts.find((x) => x.name === host);
    if (!h || !view) return null;
    return (
      <FaultMenu
        key={host}
        lab={lab}
        host={h}
        networks={hostNetworks(h, topology).filter((n) => view.networks.some((v) => v.name === n))}
        onClose={() => setMenu(undefined)}
        onApplied={(f) => setApplied({ faults: f, at: view.at })}
      />
    );
  };
  const toggle = (host: string, from: 'diagram' | 'card') => setMenu((m) => (m?.host === host && m.from === from ? undefined : { host, from }));

  return (
    <div className="lab-view">
      <StreamStatus status={status} hasView={Boolean(view)} />
      {view && (
        <>
          <SplitBrain view={view} />
          <div className="view-topology">
            <TopologyDiagram view={view} topology={topology} onHost={(h) => toggle(h, 'diagram')} />
            {menu?.from === 'diagram' && faultMenu(menu.host)}
          </div>
          <Addresses view={view} />
          <FaultLog faults={faults ?? []} events={view.events} />
          <div className="view-cards">
            {view.hosts.map((h) => (
              <div key={h.name} className="view-card-slot">
                <HostCard host={h} changed={changed} menuOpen={menu?.host === h.name && menu.from === 'card'} onFaults={() => toggle(h.name, 'card')} />
                {menu?.from === 'card' && menu.host === h.name && faultMenu(h.name)}
              </div>
            ))}
          </div>
          <CapturePanel lab={lab} view={view} active={active} />
        </>
      )}
    </div>
  );
}

function StreamStatus({ status, hasView }: { status: ReturnType<typeof useLiveView>['status']; hasView: boolean }) {
  const { t } = useT();
  if (status.state === 'error') return <ErrorNote error={status.error} title={t('view.unavailable', { s: Math.round(status.retryInMs / 1000) })} />;
  const text =
    status.state === 'gone'
      ? t('view.gone')
      : status.state === 'connecting'
        ? hasView
          ? t('view.reconnecting')
          : t('view.looking')
        : t('view.live');
  return (
    <p className={`view-status is-${status.state}`} role="status">
      <span className={`dot dot-${status.state === 'live' ? 'open' : 'connecting'}`} aria-hidden="true" /> {text}
    </p>
  );
}

function SplitBrain({ view }: { view: LiveView }) {
  const { t } = useT();
  const split = view.addresses.filter((a) => a.heldBy.length > 1);
  if (split.length === 0) return null;
  return (
    <div className="note note-warning" role="alert">
      {split.map((a) => (
        <p key={a.name}>
          <Trans i18n={i18n} i18nKey="view.splitBrain" values={{ name: a.name, address: a.address, hosts: a.heldBy.join(t('view.and')) }} components={{ strong: <strong /> }} />
        </p>
      ))}
    </div>
  );
}

/** The extra addresses (the VIP) and who holds them now, as text (the diagram shows the same). */
function Addresses({ view }: { view: LiveView }) {
  const { t } = useT();
  if (view.addresses.length === 0) return null;
  return (
    <ul className="view-addresses" aria-label={t('view.addresses')} data-testid="addresses">
      {view.addresses.map((a) => (
        <li key={a.name} data-address={a.name}>
          <code>{a.name}</code> <code>{a.address}</code>: {a.heldBy.length === 0 ? <span className="is-warning">{t('view.heldByNone')}</span> : t('view.heldBy', { hosts: a.heldBy.join(t('view.and')) })}
          {a.onLo.length > 0 && <span className="muted">{t('view.onLo', { hosts: a.onLo.join(', ') })}</span>}
        </li>
      ))}
    </ul>
  );
}
