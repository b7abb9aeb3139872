import type { CaptureFrame } from '../../../../shared/lab-view.js';
import { useT } from '../../lib/i18n.js';
import { seconds, shortMac, tcpFlags } from '../../view/format.js';

/** Rows drawn at most: the newest ones (a long capture is read in the pcap). */
const SHOW = 1000;

interface Props {
  frames: CaptureFrame[];
  /** Only this connection's frames, when set. */
  flow?: string;
  onFollow: (flow: string | undefined) => void;
}

/** The decoded frames: number, time, who sent it to whom (hosts of the MACs), protocol, what it says. */
export function FrameList({ frames, flow, onFollow }: Props) {
  const { t } = useT();
  const matching = flow ? frames.filter((f) => f.flow === flow) : frames;
  const shown = matching.length > SHOW ? matching.slice(-SHOW) : matching;
  return (
    <div className="frames">
      {shown.length < matching.length && (
        <p className="muted">
          {t('frames.newest', { show: SHOW, count: matching.length })}
        </p>
      )}
      {flow && (
        <p className="frames-follow" role="status">
          {t('frames.following', { count: matching.length, total: frames.length })}{' '}
          <button type="button" className="btn btn-small" onClick={() => onFollow(undefined)}>
            {t('frames.showAll')}
          </button>
        </p>
      )}
      <div className="frames-scroll">
        <table className="view-table frame-table" data-testid="frames">
          <thead>
            <tr>
              <th scope="col" className="num">
                {t('frames.no')}
              </th>
              <th scope="col" className="num">
                {t('frames.time')}
              </th>
              <th scope="col">{t('frames.fromTo')}</th>
              <th scope="col">{t('frames.protocol')}</th>
              <th scope="col">{t('frames.summary')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((f) => (
              <tr key={f.n} data-n={f.n} data-src-mac={f.srcMac ?? ''} data-dst-mac={f.dstMac ?? ''} data-src-host={f.srcHost ?? ''} data-dst-host={f.dstHost ?? ''} data-flow={f.flow ?? ''} data-protocol={f.protocol}>
                <td className="num">{f.n}</td>
                <td className="num">{seconds(f.t)}</td>
                <td className="frame-link">
                  <Station host={f.srcHost} mac={f.srcMac} />
                  <span aria-hidden="true"> → </span>
                  <span className="visually-hidden">{t('frames.to')}</span>
                  <Station host={f.dstHost} mac={f.dstMac} />
                  {f.iface && (
                    <span className="muted">
                      {' '}
                      {f.iface}
                      {f.direction ? ` ${f.direction}` : ''}
                    </span>
                  )}
                </td>
                <td>
                  <span className={`proto proto-${f.protocol.toLowerCase()}`}>{f.protocol}</span>
                </td>
                <td className="frame-summary">
                  {f.flow && !flow ? (
                    <button type="button" className="frame-follow" title={t('frames.follow')} onClick={() => onFollow(f.flow)}>
                      {f.summary}
                    </button>
                  ) : (
                    <span>{f.summary}</span>
                  )}
                  <Details frame={f} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function Station({ host, mac }: { host?: string; mac?: string }) {
  if (!host && !mac) return <span className="muted">—</span>;
  return (
    <span className="station" title={mac}>
      {host ?? shortMac(mac)}
      {host && mac && host !== 'broadcast' && <span className="station-mac"> {shortMac(mac)}</span>}
    </span>
  );
}

/** What the summary line leaves for people to decode: TCP flags in words, ARP and VRRP in words. */
function Details({ frame: f }: { frame: CaptureFrame }) {
  const { t } = useT();
  const tags: string[] = [];
  if (f.tcp) tags.push(...tcpFlags(f.tcp.flags));
  if (f.arp) {
    const { arp } = f;
    tags.push(arp.gratuitous ? t('frames.garp') : arp.op === 'request' ? t('frames.whoHas', { ip: arp.targetIp }) : t('frames.isAt', { ip: arp.senderIp, mac: shortMac(arp.senderMac) }));
  }
  if (f.vrrp) tags.push(`VRID ${f.vrrp.vrid}`, t('frames.priority', { n: f.vrrp.priority }), t('frames.every', { n: f.vrrp.intervalS }));
  if (f.inner) tags.push(t('frames.inside', { src: f.inner.src, dst: f.inner.dst }));
  if (f.icmp) tags.push(f.icmp.text);
  if (tags.length === 0) return null;
  return (
    <span className="frame-tags">
      {tags.map((tag) => (
        <span key={tag} className="frame-tag">
          {tag}
        </span>
      ))}
    </span>
  );
}
