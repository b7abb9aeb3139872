import { useState } from 'react';
import type { FaultRecord, LiveView } from '../../../../shared/lab-view.js';
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
  if (status.state === 'error') return <ErrorNote error={status.error} title={`The live view is not available (trying again in ${Math.round(status.retryInMs / 1000)} s).`} />;
  const text =
    status.state === 'gone'
      ? 'The lab is being rebuilt or was removed; the view comes back when it is ready.'
      : status.state === 'connecting'
        ? hasView
          ? 'Reconnecting to the live view…'
          : 'Looking inside the lab…'
        : 'Live';
  return (
    <p className={`view-status is-${status.state}`} role="status">
      <span className={`dot dot-${status.state === 'live' ? 'open' : 'connecting'}`} aria-hidden="true" /> {text}
    </p>
  );
}

function SplitBrain({ view }: { view: LiveView }) {
  const split = view.addresses.filter((a) => a.heldBy.length > 1);
  if (split.length === 0) return null;
  return (
    <div className="note note-warning" role="alert">
      {split.map((a) => (
        <p key={a.name}>
          <strong>Split brain:</strong> {a.name} {a.address} is held by {a.heldBy.join(' and ')} at once. Clients reach whichever answered ARP last.
        </p>
      ))}
    </div>
  );
}

/** The extra addresses (the VIP) and who holds them now, as text (the diagram shows the same). */
function Addresses({ view }: { view: LiveView }) {
  if (view.addresses.length === 0) return null;
  return (
    <ul className="view-addresses" aria-label="Extra addresses" data-testid="addresses">
      {view.addresses.map((a) => (
        <li key={a.name} data-address={a.name}>
          <code>{a.name}</code> <code>{a.address}</code>: {a.heldBy.length === 0 ? <span className="is-warning">held by no host</span> : <>held by {a.heldBy.join(' and ')}</>}
          {a.onLo.length > 0 && <span className="muted"> · on lo of {a.onLo.join(', ')}</span>}
        </li>
      ))}
    </ul>
  );
}
