// Small words for the lab view: short MACs, netem as people say it, counters, TCP flags. Pure
// functions, no DOM (the unit tests import them).
import type { FaultRecord, NetemSpec } from '../../../shared/lab-view.js';

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
  if (n.lossPct) out.push(`${n.lossPct} % loss`);
  if (n.rateKbit) out.push(`${n.rateKbit} kbit/s`);
  return out.join(', ');
}

/** One fault in force, for people: "lb1 is powered off", "rs2's link to lan is cut". */
export function faultText(f: FaultRecord): string {
  const link = f.network ? `${f.host}'s link to ${f.network}` : `${f.host}'s links`;
  if (f.kind === 'stopped') return `${f.host} is powered off`;
  if (f.kind === 'cut') return `${link} is cut`;
  return `${link} has ${netemText(f.netem) || 'netem'}`;
}

/** Counters with thin spaces between thousands, as `ipvsadm --exact` would print them but readable. */
export function count(n: number): string {
  return n.toLocaleString('en-US').replace(/,/g, '\u2009');
}

/** Bytes in B, KiB, MiB with one decimal; the exact number goes in a title. */
export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
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
