// Small words for the lab view: short MACs, netem as people say it, counters, TCP flags. Pure
// functions, no DOM (the unit tests import them).
import type { FaultRecord, NetemSpec } from '../../../shared/lab-view.js';
import { t } from '../lib/i18n.js';

/** The last three octets of a MAC ("…:3c:5d:7e"): enough to tell hosts apart; the full one goes in a title. */
export function shortMac(mac: string | undefined): string {
  if (!mac) return '—';
  const parts = mac.split(':');
  return parts.length === 6 ? `…:${parts.slice(3).join(':')}` : mac;
}

/** "+100 ms ±10 ms, 5 % loss, 512 kbit/s"; empty for no shaping. */
export function netemText(n: NetemSpec | undefined): string {
  if (!n) return '';
  const out: string[] = [];
  if (n.delayMs) out.push(`+${n.delayMs} ms${n.jitterMs ? ` ±${n.jitterMs} ms` : ''}`);
  if (n.lossPct) out.push(t('netem.loss', { n: n.lossPct }));
  if (n.rateKbit) out.push(`${n.rateKbit} kbit/s`);
  return out.join(t('netem.separator'));
}

/** One fault in force, for people: "lb1 is powered off", "rs2's link to lan is cut". */
export function faultText(f: FaultRecord): string {
  const link = f.network ? t('faultText.link', { host: f.host, network: f.network }) : t('faultText.links', { host: f.host });
  if (f.kind === 'stopped') return t('faultText.stopped', { host: f.host });
  if (f.kind === 'cut') return t('faultText.cut', { link });
  return t('faultText.netem', { link, netem: netemText(f.netem) || 'netem' });
}

const FLAG_NAMES: Record<string, string> = { S: 'SYN', A: 'ACK', F: 'FIN', R: 'RST', P: 'PSH', U: 'URG', E: 'ECE', C: 'CWR', '.': 'ACK' };

/** tcpdump-style flags ("S.", "FP.", "R") as words: ["SYN", "ACK"]. */
export function tcpFlags(flags: string): string[] {
  const words = [...flags].map((c) => FLAG_NAMES[c]).filter((w): w is string => Boolean(w));
  return [...new Set(words)];
}

/** Seconds since the capture started, to the millisecond. */
export function seconds(t: number): string {
  return t.toFixed(3);
}

/** The address without its prefix: "10.1.2.3/24" → "10.1.2.3". */
export function bare(address: string): string {
  return address.split('/')[0] ?? address;
}
