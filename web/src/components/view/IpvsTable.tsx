import type { ViewIpvsService } from '../../../../shared/lab-view.js';
import { type Counter, counterKey } from '../../view/changes.js';
import { byteSize, integer } from '../../lib/format.js';
import { useT } from '../../lib/i18n.js';

interface Props {
  host: string;
  services: ViewIpvsService[];
  /** Counter keys that moved since the previous view: flashed. */
  changed: Set<string>;
}

/** The counters' columns; each heading is `ipvs.col.<counter>` in the catalogs. */
const COLUMNS: { counter: Counter; bytes?: boolean }[] = [
  { counter: 'active' },
  { counter: 'inactive' },
  { counter: 'conns' },
  { counter: 'inPackets' },
  { counter: 'outPackets' },
  { counter: 'inBytes', bytes: true },
  { counter: 'outBytes', bytes: true },
];

/** The service's own totals: everything but the connection gauges. */
const SERVICE_COLUMNS = COLUMNS.filter((c): c is (typeof COLUMNS)[number] & { counter: Exclude<Counter, 'active' | 'inactive'> } => c.counter !== 'active' && c.counter !== 'inactive');

/** `ipvsadm -Ln --stats` made readable: one table per virtual service, a row per real server. */
export function IpvsTable({ host, services, changed }: Props) {
  const { t } = useT();
  return (
    <div className="view-ipvs">
      {services.map((s) => (
        <table key={`${s.protocol} ${s.address}`} className="view-table" data-testid={`ipvs-${host}-${s.address}`}>
          <caption>
            IPVS <code>{`${s.protocol} ${s.address}`}</code> · {t('ipvs.scheduler')} <code>{s.scheduler}</code>
            {s.persistent !== undefined && <> · {t('ipvs.persistent', { s: s.persistent })}</>}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('ipvs.realServer')}</th>
              <th scope="col">{t('ipvs.method')}</th>
              <th scope="col">{t('ipvs.weight')}</th>
              {COLUMNS.map((c) => (
                <th key={c.counter} scope="col" className="num">
                  {t(`ipvs.col.${c.counter}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {s.realServers.map((rs) => (
              <tr key={rs.address} data-rs={rs.host ?? rs.address}>
                <th scope="row">
                  <code>{rs.address}</code>
                  {rs.host && <span className="muted"> {rs.host}</span>}
                </th>
                <td>{rs.method}</td>
                <td className={rs.weight === 0 ? 'is-warning' : undefined}>{rs.weight}</td>
                {COLUMNS.map((c) => {
                  const key = counterKey(host, s, rs, c.counter);
                  return <Cell key={`${c.counter}=${rs[c.counter]}`} value={rs[c.counter]} asBytes={c.bytes} flash={changed.has(key)} name={c.counter} />;
                })}
              </tr>
            ))}
            {s.realServers.length === 0 && (
              <tr>
                <td colSpan={3 + COLUMNS.length} className="muted">
                  {t('ipvs.noReal')}
                </td>
              </tr>
            )}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={5}>
                {t('ipvs.total')}
              </th>
              {SERVICE_COLUMNS.map((c) => {
                const key = counterKey(host, s, undefined, c.counter);
                return <Cell key={`${c.counter}=${s[c.counter]}`} value={s[c.counter]} asBytes={c.bytes} flash={changed.has(key)} name={c.counter} />;
              })}
            </tr>
          </tfoot>
        </table>
      ))}
    </div>
  );
}

/** A counter; its parent keys it on the value, so a new value is a new cell and its flash starts again. */
function Cell({ value, asBytes, flash, name }: { value: number; asBytes?: boolean; flash: boolean; name: string }) {
  const { t, locale } = useT();
  return (
    <td className={`num${flash ? ' is-changed' : ''}`} data-counter={name} data-value={value} title={asBytes ? t('common.bytes', { n: integer(value, locale) }) : undefined}>
      {asBytes ? byteSize(value, locale) : integer(value, locale)}
    </td>
  );
}
