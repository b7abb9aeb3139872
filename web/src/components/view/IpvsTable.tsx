import type { ViewIpvsService } from '../../../../shared/lab-view.js';
import { type Counter, counterKey } from '../../view/changes.js';
import { bytes, count } from '../../view/format.js';

interface Props {
  host: string;
  services: ViewIpvsService[];
  /** Counter keys that moved since the previous view: flashed. */
  changed: Set<string>;
}

const COLUMNS: { counter: Counter; label: string; bytes?: boolean }[] = [
  { counter: 'active', label: 'Active' },
  { counter: 'inactive', label: 'Inactive' },
  { counter: 'conns', label: 'Conns' },
  { counter: 'inPackets', label: 'In pkts' },
  { counter: 'outPackets', label: 'Out pkts' },
  { counter: 'inBytes', label: 'In bytes', bytes: true },
  { counter: 'outBytes', label: 'Out bytes', bytes: true },
];

/** The service's own totals: everything but the connection gauges. */
const SERVICE_COLUMNS = COLUMNS.filter((c): c is (typeof COLUMNS)[number] & { counter: Exclude<Counter, 'active' | 'inactive'> } => c.counter !== 'active' && c.counter !== 'inactive');

/** `ipvsadm -Ln --stats` made readable: one table per virtual service, a row per real server. */
export function IpvsTable({ host, services, changed }: Props) {
  return (
    <div className="view-ipvs">
      {services.map((s) => (
        <table key={`${s.protocol} ${s.address}`} className="view-table" data-testid={`ipvs-${host}-${s.address}`}>
          <caption>
            IPVS <code>{`${s.protocol} ${s.address}`}</code> · scheduler <code>{s.scheduler}</code>
            {s.persistent !== undefined && <> · persistent {s.persistent} s</>}
          </caption>
          <thead>
            <tr>
              <th scope="col">Real server</th>
              <th scope="col">Method</th>
              <th scope="col">Weight</th>
              {COLUMNS.map((c) => (
                <th key={c.counter} scope="col" className="num">
                  {c.label}
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
                  No real servers: nothing can answer on this service.
                </td>
              </tr>
            )}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={5}>
                Service total
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
  return (
    <td className={`num${flash ? ' is-changed' : ''}`} data-counter={name} data-value={value} title={asBytes ? `${value} bytes` : undefined}>
      {asBytes ? bytes(value) : count(value)}
    </td>
  );
}
