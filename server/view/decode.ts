// Decodes one captured frame of a lab for the capture page: the link layer (Ethernet with at most
// one 802.1Q tag, Linux cooked captures v1 and v2 from `tcpdump -i any`), then ARP, IPv4 and what
// it carries. The bytes come from a container the learner is root in, so nothing is trusted:
// every field is read only when captured, a cut header ends the summary with "[truncated]", and
// the decoder never throws (an unexpected failure becomes a frame that says so).
import type { CaptureFrame } from '../../shared/lab-view.js';
import { BROADCAST_MAC, has, hex16, macAt } from './bytes.js';
import { decodeArp } from './decode-arp.js';
import { decodeIpv4, type NetworkLayer } from './decode-ip.js';

export type FrameFields = Omit<CaptureFrame, 'n' | 't' | 'caplen' | 'len'>;

export const LINKTYPE_ETHERNET = 1;
export const LINKTYPE_LINUX_SLL = 113;
export const LINKTYPE_LINUX_SLL2 = 276;

export interface DecodeFrameProps {
  /** The capture's link type (pcap header). */
  linktype: number;
  data: Buffer;
  /** The lab host (or "gateway") a MAC belongs to. */
  macOwner?: (mac: string) => string | undefined;
  /** The interface name of an ifindex on the captured host (SLL2 captures). */
  ifaceName?: (ifindex: number) => string | undefined;
}

/** The link layer's part of a frame and where its payload starts. */
interface LinkLayer {
  fields: Pick<FrameFields, 'srcMac' | 'dstMac' | 'direction'>;
  ifindex?: number;
  /** Ethertype of the payload; undefined when the link header is cut short. */
  ethertype?: number;
  payload: Buffer;
}

export function decodeFrame(props: DecodeFrameProps): FrameFields {
  try {
    return decodeUnguarded(props);
  } catch (e) {
    return { protocol: 'unknown', summary: `undecodable frame (decoder error: ${e instanceof Error ? e.message : String(e)})` };
  }
}

function decodeUnguarded(props: DecodeFrameProps): FrameFields {
  const { linktype, data, macOwner, ifaceName } = props;
  const link = decodeLink(linktype, data);
  const { srcMac, dstMac } = link.fields;
  const frame: FrameFields = {
    ...link.fields,
    srcHost: srcMac === undefined ? undefined : macOwner?.(srcMac),
    dstHost: dstMac === undefined ? undefined : dstMac === BROADCAST_MAC ? 'broadcast' : macOwner?.(dstMac),
    iface: link.ifindex === undefined ? undefined : ifaceName?.(link.ifindex),
    protocol: 'unknown',
    summary: '',
  };
  const net: NetworkLayer =
    link.ethertype === undefined
      ? { protocol: 'unknown', summary: linkSummary(linktype), truncated: KNOWN_LINKTYPES.has(linktype) }
      : decodeNetwork(link.ethertype, link.payload);
  const { truncated, ...layer } = net;
  Object.assign(frame, layer);
  if (truncated) frame.summary += ' [truncated]';
  return withoutUndefined(frame);
}

const KNOWN_LINKTYPES = new Set([LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL, LINKTYPE_LINUX_SLL2]);

function linkSummary(linktype: number): string {
  if (linktype === LINKTYPE_ETHERNET) return 'Ethernet';
  if (linktype === LINKTYPE_LINUX_SLL || linktype === LINKTYPE_LINUX_SLL2) return 'Linux cooked';
  return `link type ${linktype} (not decoded)`;
}

function decodeLink(linktype: number, b: Buffer): LinkLayer {
  if (linktype === LINKTYPE_ETHERNET) return decodeEthernet(b);
  if (linktype === LINKTYPE_LINUX_SLL) return decodeSll(b);
  if (linktype === LINKTYPE_LINUX_SLL2) return decodeSll2(b);
  return { fields: {}, payload: Buffer.alloc(0) };
}

const VLAN_TPIDS = new Set([0x8100, 0x88a8]);

/** Ethernet II, skipping one VLAN tag. */
function decodeEthernet(b: Buffer): LinkLayer {
  const fields = {
    dstMac: has(b, 0, 6) ? macAt(b, 0) : undefined,
    srcMac: has(b, 6, 6) ? macAt(b, 6) : undefined,
  };
  if (!has(b, 12, 2)) return { fields, payload: Buffer.alloc(0) };
  const ethertype = b.readUInt16BE(12);
  if (!VLAN_TPIDS.has(ethertype)) return { fields, ethertype, payload: b.subarray(14) };
  if (!has(b, 16, 2)) return { fields, payload: Buffer.alloc(0) };
  return { fields, ethertype: b.readUInt16BE(16), payload: b.subarray(18) };
}

/** Linux's packet types: to us, broadcast, multicast, to another host (promiscuous), outgoing. */
function direction(packetType: number): 'in' | 'out' | undefined {
  if (packetType <= 3) return 'in';
  return packetType === 4 ? 'out' : undefined;
}

/** The source link address of a cooked capture, when it is a MAC. */
function cookedMac(b: Buffer, lengthAt: number, length: number): string | undefined {
  return length === 6 && has(b, lengthAt, 6) ? macAt(b, lengthAt) : undefined;
}

/** LINKTYPE_LINUX_SLL: packet type, ARPHRD type, address length, address (8), protocol. */
function decodeSll(b: Buffer): LinkLayer {
  const fields = {
    direction: has(b, 0, 2) ? direction(b.readUInt16BE(0)) : undefined,
    srcMac: has(b, 4, 2) ? cookedMac(b, 6, b.readUInt16BE(4)) : undefined,
  };
  if (!has(b, 14, 2)) return { fields, payload: Buffer.alloc(0) };
  return { fields, ethertype: b.readUInt16BE(14), payload: b.subarray(16) };
}

/** LINKTYPE_LINUX_SLL2: protocol, reserved, ifindex, ARPHRD type, packet type, address length, address (8). */
function decodeSll2(b: Buffer): LinkLayer {
  const fields = {
    direction: has(b, 10, 1) ? direction(b[10]!) : undefined,
    srcMac: has(b, 11, 1) ? cookedMac(b, 12, b[11]!) : undefined,
  };
  const ifindex = has(b, 4, 4) ? b.readUInt32BE(4) : undefined;
  if (!has(b, 0, 20)) return { fields, ifindex, payload: Buffer.alloc(0) };
  return { fields, ifindex, ethertype: b.readUInt16BE(0), payload: b.subarray(20) };
}

function decodeNetwork(ethertype: number, payload: Buffer): NetworkLayer {
  if (ethertype === 0x0800) return decodeIpv4(payload);
  if (ethertype === 0x0806) return decodeArp(payload);
  if (ethertype === 0x86dd) return { protocol: 'IPv6', summary: 'IPv6', truncated: false };
  // Below 0x0600 the field is an 802.3 length (or, in a cooked capture, a pseudo-protocol): LLC.
  if (ethertype < 0x0600) return { protocol: 'LLC', summary: `LLC (type/length ${hex16(ethertype)})`, truncated: false };
  return { protocol: hex16(ethertype), summary: `ethertype ${hex16(ethertype)}`, truncated: false };
}

function withoutUndefined(frame: FrameFields): FrameFields {
  for (const key of Object.keys(frame) as (keyof FrameFields)[]) {
    if (frame[key] === undefined) delete frame[key];
  }
  return frame;
}
