import type { LiveView } from '../../../../shared/lab-view.js';
import { t, useT } from '../../lib/i18n.js';
import { faultText, netemText, shortMac } from '../../view/format.js';
import { type HostBox, type LinkLine, LINE_H, layoutTopology } from '../../view/layout.js';

interface Props {
  view: LiveView;
  /** Each host's networks in the exercise's topology (for hosts that cannot be read, e.g. stopped). */
  topology: Record<string, string[]>;
  /** A host was clicked: the page opens its fault menu. */
  onHost: (host: string) => void;
}

/** The facts of the diagram as one sentence list, for its aria-label. */
export function describeTopology(view: LiveView): string {
  const parts = view.networks.map((n) => {
    const on = view.hosts.filter((h) => h.interfaces.some((i) => i.network === n.name)).map((h) => h.name);
    return on.length ? t('topo.networkWith', { name: n.name, subnet: n.subnet, hosts: on.join(', ') }) : t('topo.network', { name: n.name, subnet: n.subnet });
  });
  for (const a of view.addresses) {
    const hosts = a.heldBy.join(t('view.and'));
    const held = a.heldBy.length === 0 ? t('view.heldByNone') : a.heldBy.length > 1 ? t('topo.heldBySplit', { hosts }) : t('view.heldBy', { hosts });
    parts.push(`${a.name} ${a.address} ${held}${a.onLo.length ? t('topo.onLo', { hosts: a.onLo.join(', ') }) : ''}`);
  }
  for (const h of view.hosts) if (h.vrrp) parts.push(t('topo.vrrp', { host: h.name, state: h.vrrp.state }));
  for (const f of view.faults) parts.push(faultText(f));
  return t('topo.summary', { parts: parts.join(t('topo.partSeparator')) });
}

/** The lab as a picture: networks as buses, hosts as boxes with their interfaces, who holds the VIP now, the faults. */
export function TopologyDiagram({ view, topology, onHost }: Props) {
  useT(); // re-render (and re-describe) on a language change
  const layout = layoutTopology(view, topology);
  return (
    <svg
      className="topology"
      role="img"
      aria-label={describeTopology(view)}
      data-testid="topology"
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      width={layout.width}
    >
      {layout.buses.map((b) => (
        <g key={b.name} className="topo-bus" data-network={b.name}>
          <line x1={b.x1} x2={b.x2} y1={b.y} y2={b.y} />
          <text x={b.x1} y={b.y - 6}>
            <tspan className="topo-bus-name">{b.name}</tspan> {b.subnet}
          </text>
        </g>
      ))}
      {layout.links.map((l) => (
        <Link key={`${l.host}-${l.network}`} link={l} stopped={view.hosts.find((h) => h.name === l.host)?.state !== 'running'} />
      ))}
      {layout.hosts.map((box) => (
        <Host key={box.host.name} box={box} onClick={() => onHost(box.host.name)} />
      ))}
    </svg>
  );
}

function Link({ link, stopped }: { link: LinkLine; stopped: boolean }) {
  const { x, y1, y2, iface } = link;
  const cut = Boolean(iface?.cut);
  const down = Boolean(iface && !iface.up);
  const netem = netemText(iface?.netem);
  const cls = `topo-link${cut ? ' is-cut' : ''}${down || stopped ? ' is-down' : ''}${netem ? ' has-netem' : ''}`;
  const mid = (y1 + y2) / 2;
  const dir = Math.sign(y2 - y1) || 1;
  return (
    <g className={cls} data-link={`${link.host}-${link.network}`}>
      {cut ? (
        <>
          {/* a cut cable: two ends with a gap and a mark between them */}
          <line x1={x} x2={x} y1={y1} y2={mid - 5 * dir} />
          <line x1={x} x2={x} y1={mid + 5 * dir} y2={y2} />
          <text className="topo-cut-mark" x={x} y={mid + 4} textAnchor="middle">
            ✕
          </text>
        </>
      ) : (
        <line x1={x} x2={x} y1={y1} y2={y2} />
      )}
      <circle cx={x} cy={y2} r={3} />
      <text className="topo-link-label" x={x + 6} y={mid + 4}>
        {[iface?.name, cut ? t('topo.cut') : down ? t('topo.down') : '', netem].filter(Boolean).join(' · ')}
      </text>
    </g>
  );
}

function Host({ box, onClick }: { box: HostBox; onClick: () => void }) {
  const { host, x, y, w, h, ifaces, holds } = box;
  const lines: { text: string; cls?: string; title?: string; key: string; indent?: boolean }[] = [];
  for (const i of ifaces) {
    lines.push({ key: `${i.name}-n`, text: `${i.name}${i.up ? '' : ` (${t('topo.down')})`}${i.cut ? ` (${t('topo.cut')})` : ''}`, cls: 'topo-iface' });
    i.addresses.forEach((a, n) => void lines.push({ key: `${i.name}-a${n}`, text: a, indent: true }));
    lines.push({ key: `${i.name}-m`, text: shortMac(i.mac), indent: true, cls: 'topo-mac', title: `${i.name} MAC ${i.mac}` });
  }
  for (const v of holds) {
    lines.push(
      v.onLo
        ? { key: `${v.name}-lo`, text: t('topo.vipOnLo', { name: v.name }), cls: 'topo-vip-lo', title: t('topo.vipOnLoTitle', { address: v.address }) }
        : { key: `${v.name}-held`, text: `${v.name} ${v.address}`, cls: 'topo-vip-held', title: t('topo.holds', { host: host.name, name: v.name, address: v.address }) },
    );
  }
  if (host.unreadable && ifaces.length === 0) lines.push({ key: 'unreadable', text: t('topo.unreadable'), cls: 'topo-unreadable', title: host.unreadable });
  const vrrp = host.vrrp?.state;
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a mouse shortcut inside role="img"; the keyboard way is the "Faults…" button of the host's card.
    <g className={`topo-host state-${host.state}`} data-host={host.name} onClick={onClick}>
      <title>{t('topo.hostTitle', { host: host.name, state: t(`view.hostState.${host.state}`), why: host.unreadable ? ` (${host.unreadable})` : '' })}</title>
      <rect x={x} y={y} width={w} height={h} rx={6} />
      <text className="topo-host-name" x={x + 8} y={y + 17}>
        {host.name}
        {host.state !== 'running' && <tspan className="topo-host-state"> {t(`view.hostState.${host.state}`)}</tspan>}
      </text>
      {vrrp && (
        <g className={`topo-vrrp vrrp-${vrrp.toLowerCase()}`}>
          <rect x={x + w - 74} y={y + 5} width={66} height={16} rx={8} />
          <text x={x + w - 41} y={y + 17} textAnchor="middle">
            {vrrp}
          </text>
        </g>
      )}
      {lines.map((l, n) => {
        const ly = y + 26 + 4 + n * LINE_H + 11;
        return (
          <g key={l.key} className={l.cls}>
            {l.cls === 'topo-vip-held' && <rect className="topo-vip-bg" x={x + 4} y={ly - 11} width={w - 8} height={LINE_H} rx={3} />}
            <text x={x + (l.indent ? 20 : 8)} y={ly}>
              {l.title && <title>{l.title}</title>}
              {l.text}
            </text>
          </g>
        );
      })}
    </g>
  );
}
