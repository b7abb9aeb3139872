// Capture presets: a fixed filter per lesson (learners pick a preset, never write a filter the
// server would pass on), with where to capture and what it shows. A filter may name the lab's
// VIP; a lab without one gets the preset's wider filter.
import { CAPTURE_PRESET_IDS, type CapturePreset, type CapturePresetId } from '../../shared/lab-view.js';
import type { Lab } from '../lab/types.js';

interface PresetDef {
  label: string;
  /** tcpdump filter; {vip} is the lab's VIP. */
  filter: string;
  /** Used when the lab has no VIP. */
  fallback?: string;
  explain: string;
  where: 'network' | 'director';
}

const PRESETS: Record<CapturePresetId, PresetDef> = {
  all: { label: 'Everything', filter: '', explain: 'Every frame: ARP, IP, whatever the hosts send.', where: 'network' },
  arp: { label: 'ARP', filter: 'arp', explain: 'who-has requests (broadcast) and is-at replies: how each host learns the MAC behind an address, and what it caches.', where: 'network' },
  dr: {
    label: 'LVS-DR: before and after the director',
    filter: 'arp or (tcp and host {vip})',
    fallback: 'arp or tcp',
    explain: "On the LAN: a request to the VIP reaches the director (destination MAC: the director), then the same IP packet goes on to a real server, unchanged (same addresses, ports and sequence number): only the Ethernet header differs, the real server's MAC as destination and the director's as source; the reply goes from the real server straight to the client, from the VIP.",
    where: 'network',
  },
  nat: {
    label: 'LVS-NAT: addresses rewritten',
    filter: 'tcp or icmp',
    explain: "On the director's interfaces: the destination VIP rewritten to a real server's address on the way in, the source rewritten back to the VIP on the way out; replies come back through the director (its address is the real servers' gateway).",
    where: 'director',
  },
  tun: {
    label: 'LVS-TUN: IP in IP',
    filter: 'ip proto 4 or (tcp and host {vip})',
    fallback: 'ip proto 4 or tcp',
    explain: "The director wraps the client's packet, unchanged, in an outer header from the director to a real server (IP protocol 4); the real server unwraps it and answers the client directly, from the VIP.",
    where: 'director',
  },
  fullnat: {
    label: 'Full NAT: both addresses rewritten',
    filter: 'tcp or icmp',
    explain: "On the director's interfaces: on the way to the real server both the destination (VIP → RIP) and the source (client → the director's address) are rewritten, so replies come back to the director whatever the real server's routes say.",
    where: 'director',
  },
  spoof: { label: 'ARP spoofing', filter: 'arp', explain: "Replies nobody asked for, and two MACs claiming one IP address: watch the victim's neighbour entry flip to the attacker's MAC.", where: 'network' },
  vrrp: { label: 'VRRP and gratuitous ARP', filter: 'ip proto 112 or arp', explain: 'The master sends an advert every advert_int (vrid, priority, the virtual addresses); on failover the new master announces the VIP with gratuitous ARP (sender and target address both the VIP).', where: 'network' },
  tcp: { label: 'TCP', filter: 'tcp', explain: 'Handshakes (S, S., .), data (P.), closes (F.) and refusals (R): click a frame to follow its connection.', where: 'network' },
  icmp: { label: 'ICMP', filter: 'icmp', explain: 'ping requests and replies, unreachables and redirects.', where: 'network' },
};

export const isPresetId = (v: unknown): v is CapturePresetId => typeof v === 'string' && (CAPTURE_PRESET_IDS as readonly string[]).includes(v);

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** The filter of a preset for this lab. */
export function presetFilter(id: CapturePresetId, lab: Pick<Lab, 'values'>): string {
  const def = PRESETS[id];
  const vip = lab.values.vip;
  if (!def.filter.includes('{vip}')) return def.filter;
  if (vip && IPV4.test(vip)) return def.filter.replaceAll('{vip}', vip);
  return def.fallback ?? '';
}

/** The director of a lab, for "where": a host named director or lb1, else the host on the most networks. */
export function directorOf(lab: Pick<Lab, 'hosts'>): string | undefined {
  const named = lab.hosts.find((h) => h.name === 'director' || h.name === 'lb1');
  if (named) return named.name;
  return [...lab.hosts].sort((a, b) => Object.keys(b.addresses).length - Object.keys(a.addresses).length)[0]?.name;
}

/** The presets with "where" in this lab's names. */
export function presetsFor(lab: Pick<Lab, 'hosts' | 'subnets' | 'values'>): CapturePreset[] {
  const firstNet = Object.keys(lab.subnets)[0] ?? 'lan';
  const director = directorOf(lab);
  return CAPTURE_PRESET_IDS.map((id) => {
    const def = PRESETS[id];
    const where = def.where === 'director' && director ? `host ${director}, interface any (all of its links)` : `network ${firstNet}`;
    return { id, label: def.label, explain: def.explain, where };
  });
}
