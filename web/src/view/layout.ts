// Where the topology diagram puts things: each network a horizontal bus, hosts in rows between
// the buses (a host on one network above or below its bus, a host on several between the first
// two of them), each host's links dropped straight to its buses. Pure: numbers in, numbers out.
import type { LiveView, ViewHost, ViewInterface } from '../../../shared/lab-view.js';

export const HOST_W = 160;
export const LINE_H = 15;
const HOST_HEAD = 26;
const HOST_PAD = 8;
const GAP_X = 28;
const GAP_Y = 34;
const MARGIN = 16;
const BUS_LABEL_H = 18;
/** Room on the left for the buses' labels, so no link crosses them. */
const GUTTER = 110;

export interface HostBox {
  host: ViewHost;
  x: number;
  y: number;
  w: number;
  h: number;
  /** The interfaces drawn in the box (not lo), in order. */
  ifaces: ViewInterface[];
  /** Extra addresses (the VIP) this host holds now, by name. */
  holds: { name: string; address: string; onLo: boolean }[];
}

export interface LinkLine {
  host: string;
  network: string;
  iface?: ViewInterface;
  x: number;
  /** From the host box's edge to the bus. */
  y1: number;
  y2: number;
}

export interface Bus {
  name: string;
  subnet: string;
  y: number;
  x1: number;
  x2: number;
}

export interface Layout {
  width: number;
  height: number;
  buses: Bus[];
  hosts: HostBox[];
  links: LinkLine[];
}

/** Interfaces drawn in a host's box: not lo, nor an idle device a kernel module made (tunl0 down, no address). */
export const shown = (i: ViewInterface) => i.name !== 'lo' && (Boolean(i.network) || i.addresses.length > 0 || i.up);

/** The networks a host is on: its interfaces' networks, else (a stopped host has none to read) the lab's topology. */
export function hostNetworks(host: ViewHost, topology: Record<string, string[]>): string[] {
  const seen = host.interfaces.flatMap((i) => (i.network ? [i.network] : []));
  return seen.length > 0 ? [...new Set(seen)] : (topology[host.name] ?? []);
}

function holdings(view: LiveView, host: string): HostBox['holds'] {
  return view.addresses.flatMap((a) => [
    ...(a.heldBy.includes(host) ? [{ name: a.name, address: a.address, onLo: false }] : []),
    ...(a.onLo.includes(host) ? [{ name: a.name, address: a.address, onLo: true }] : []),
  ]);
}

/** Lines of text in a host box: per interface its name line, one per address and the MAC; one per held address. */
export function boxLines(ifaces: ViewInterface[], holds: HostBox['holds'], unreadable: boolean): number {
  const perIface = ifaces.reduce((n, i) => n + 2 + i.addresses.length, 0);
  return perIface + holds.length + (unreadable && ifaces.length === 0 ? 1 : 0);
}

export function layoutTopology(view: LiveView, topology: Record<string, string[]>): Layout {
  const nets = view.networks.map((n) => n.name);
  const rows: ViewHost[][] = Array.from({ length: nets.length + 1 }, () => []);
  for (const host of view.hosts) {
    const idx = hostNetworks(host, topology)
      .map((n) => nets.indexOf(n))
      .filter((i) => i >= 0)
      .sort((a, b) => a - b);
    // Row r sits above bus r (row nets.length below the last): one network → above its bus for the
    // first, below for the others; several → between its first two.
    const row = idx.length === 0 ? 0 : idx.length === 1 ? (idx[0] === 0 ? 0 : idx[0]! + 1) : idx[0]! + 1;
    rows[row]!.push(host);
  }
  // One network with many hosts: half of them below the bus, so the picture stays wide enough to read.
  if (nets.length === 1 && rows[0]!.length > 3) rows[1] = [...rows[0]!.splice(Math.ceil(rows[0]!.length / 2)), ...rows[1]!];

  const boxOf = (host: ViewHost) => {
    const ifaces = host.interfaces.filter(shown);
    const holds = holdings(view, host.name);
    return { host, ifaces, holds, w: HOST_W, h: HOST_HEAD + HOST_PAD + boxLines(ifaces, holds, Boolean(host.unreadable)) * LINE_H };
  };
  const rowWidth = (n: number) => n * HOST_W + Math.max(0, n - 1) * GAP_X;
  const width = Math.max(360, MARGIN * 2 + GUTTER + Math.max(...rows.map((r) => rowWidth(r.length))));

  // Top to bottom: row 0, bus 0, row 1, bus 1, ...; an empty row takes no room. Hosts hang from the
  // bus above them, except in row 0, where they stand on the bus below.
  const boxes: HostBox[] = [];
  const buses: Bus[] = [];
  let y = MARGIN;
  rows.forEach((hosts, r) => {
    const sized = hosts.map(boxOf);
    const h = Math.max(0, ...sized.map((b) => b.h));
    let x = GUTTER + (width - GUTTER - rowWidth(hosts.length)) / 2;
    for (const b of sized) {
      boxes.push({ ...b, x, y: r === 0 ? y + h - b.h : y });
      x += HOST_W + GAP_X;
    }
    y += h + (h > 0 ? GAP_Y : 0);
    const net = view.networks[r];
    if (net) {
      buses.push({ name: net.name, subnet: net.subnet, y: y + BUS_LABEL_H, x1: MARGIN, x2: width - MARGIN });
      y += BUS_LABEL_H + GAP_Y;
    }
  });

  const links: LinkLine[] = [];
  for (const box of boxes) {
    const netsOf = hostNetworks(box.host, topology).filter((n) => nets.includes(n));
    netsOf.forEach((network, i) => {
      const bus = buses.find((b) => b.name === network)!;
      const below = bus.y > box.y;
      const x = box.x + box.w / 2 + (i - (netsOf.length - 1) / 2) * 36;
      links.push({ host: box.host.name, network, iface: box.host.interfaces.find((f) => f.network === network), x, y1: below ? box.y + box.h : box.y, y2: bus.y });
    });
  }
  return { width, height: y - GAP_Y + MARGIN, buses, hosts: boxes, links };
}
