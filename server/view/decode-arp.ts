// ARP for the capture decoder: Ethernet/IPv4 requests and replies, gratuitous ones (sender and
// target IP the same: an address announcing where it lives now, as keepalived does on failover)
// and, for anything else, the numbers that say what it is.
import { has, hex16, ipv4At, macAt } from './bytes.js';
import type { NetworkLayer } from './decode-ip.js';

const ARP_LEN = 28;

export function decodeArp(b: Buffer): NetworkLayer {
  if (!has(b, 0, 8)) return { protocol: 'ARP', summary: 'ARP', truncated: true };
  const htype = b.readUInt16BE(0);
  const ptype = b.readUInt16BE(2);
  const op = b.readUInt16BE(6);
  if (htype !== 1 || ptype !== 0x0800 || b[4] !== 6 || b[5] !== 4) {
    return { protocol: 'ARP', summary: `ARP op ${op} for hardware type ${htype}, protocol ${hex16(ptype)}`, truncated: false };
  }
  if (!has(b, 0, ARP_LEN)) return { protocol: 'ARP', summary: `ARP ${op === 1 ? 'request' : op === 2 ? 'reply' : `op ${op}`}`, truncated: true };
  if (op !== 1 && op !== 2) return { protocol: 'ARP', summary: `ARP op ${op}`, truncated: false };
  const arp = {
    op: op === 1 ? ('request' as const) : ('reply' as const),
    senderMac: macAt(b, 8),
    senderIp: ipv4At(b, 14),
    targetMac: macAt(b, 18),
    targetIp: ipv4At(b, 24),
    gratuitous: false,
  };
  arp.gratuitous = arp.senderIp === arp.targetIp;
  return { protocol: 'ARP', arp, summary: arpSummary(arp), truncated: false };
}

function arpSummary(arp: { op: 'request' | 'reply'; senderIp: string; senderMac: string; targetIp: string; gratuitous: boolean }): string {
  if (arp.gratuitous) return `gratuitous ARP: ${arp.senderIp} is-at ${arp.senderMac}`;
  if (arp.op === 'request') return `who-has ${arp.targetIp} tell ${arp.senderIp}`;
  return `${arp.senderIp} is-at ${arp.senderMac}`;
}
