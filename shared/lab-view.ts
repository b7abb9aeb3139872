// The live view of a lab (GET /api/labs/:id/view, pushed by /view/events), its packet captures
// (/capture) and its faults (/faults): the shapes the server, the CLI's --json and the web app
// share. Types and constants only: no Node or DOM APIs.

/** How a host is doing, as the engine and the platform's faults say. */
export type HostRunState = 'running' | 'stopped' | 'missing';

/** An interface of a host as read from the host itself (not from the exercise's YAML). */
export interface ViewInterface {
  name: string;
  mac: string;
  /** The lab network it is attached to (matched by subnet or by the engine's endpoint); absent for lo and for interfaces the learner made. */
  network?: string;
  /** IPv4 addresses with prefix, e.g. "10.1.2.3/24": the VIP shows here on whichever host holds it now. */
  addresses: string[];
  /** The kernel's operstate says up (and it has carrier). */
  up: boolean;
  /** The platform cut this link (a fault): the cable is out, whatever the host says. */
  cut?: boolean;
  /** tc netem on the link (a fault). */
  netem?: NetemSpec;
}

/** One IPv4 neighbour (ARP) cache entry of a host. */
export interface ViewNeighbour {
  ip: string;
  /** Absent while unresolved (INCOMPLETE/FAILED). */
  mac?: string;
  iface: string;
  /** The kernel's state: REACHABLE, STALE, DELAY, PROBE, INCOMPLETE, FAILED, PERMANENT, NOARP. */
  state: string;
  /** The lab host whose interface has this MAC ("gateway" for the engine's bridge); absent for a MAC no host has. */
  owner?: string;
  /**
   * What is wrong with it, for people: the MAC's owner holds the IP only on lo (a DR real server
   * answering ARP for the VIP: arp_ignore/arp_announce missing), the MAC is no host's, or hosts'
   * caches disagree about the IP (a conflict or a spoof).
   */
  warning?: string;
}

export interface ViewRealServer {
  /** "10.1.2.11:80" */
  address: string;
  /** Route (DR), Masq (NAT), Tunnel (TUN), FullNat, Local */
  method: string;
  weight: number;
  active: number;
  inactive: number;
  /** Counters since the real server was added (ipvsadm --stats --exact). */
  conns: number;
  inPackets: number;
  outPackets: number;
  inBytes: number;
  outBytes: number;
  /** The lab host that has this address, when one does. */
  host?: string;
}

export interface ViewIpvsService {
  /** "TCP 10.1.2.100:80" or "FWM 1" */
  protocol: string;
  address: string;
  scheduler: string;
  /** Persistence timeout, seconds, when persistent. */
  persistent?: number;
  realServers: ViewRealServer[];
  conns: number;
  inPackets: number;
  outPackets: number;
  inBytes: number;
  outBytes: number;
}

/** One VRRP instance as seen on the wire from this host: adverts it sends (MASTER) or hears. */
export interface ViewVrrpInstance {
  vrid: number;
  priority: number;
  /** Advert interval, seconds. */
  intervalS: number;
  /** The lab host that sent the latest advert (by source address). */
  master?: string;
  /** Source address of the latest advert. */
  from: string;
  /** Seconds since the latest advert. */
  ageS: number;
  /** The virtual addresses the advert carries. */
  addresses: string[];
}

export interface ViewVrrp {
  /**
   * MASTER: this host sent an advert within 3 intervals; BACKUP: something on it listens for VRRP
   * (a raw socket of protocol 112: keepalived) and another host is master; LISTENING: it listens
   * and hears no master (a backup about to take over, or a split network).
   */
  state: 'MASTER' | 'BACKUP' | 'LISTENING';
  instances: ViewVrrpInstance[];
}

export interface ViewHost {
  name: string;
  state: HostRunState;
  interfaces: ViewInterface[];
  neighbours: ViewNeighbour[];
  /** Present when IPVS has a virtual service on this host. */
  ipvs?: ViewIpvsService[];
  /** Present when VRRP runs on or is heard by this host. */
  vrrp?: ViewVrrp;
  /** The collector could not read this host (stopped, or its probe failed): why. */
  unreadable?: string;
}

export interface ViewNetwork {
  name: string;
  subnet: string;
  /** The engine's gateway address on it (Docker's bridge): not a lab host. */
  gateway: string;
}

/** An extra address (the VIP, ...) by name and who holds it right now. */
export interface ViewAddress {
  name: string;
  address: string;
  /** Hosts that hold it on an interface on the network (more than one: split brain); "lo" holdings are in `onLo`. */
  heldBy: string[];
  /** Hosts that hold it on lo (DR real servers). */
  onLo: string[];
}

export interface LiveView {
  lab: string;
  exercise: string;
  /** When the view was made (ISO 8601). */
  at: string;
  networks: ViewNetwork[];
  hosts: ViewHost[];
  addresses: ViewAddress[];
  /** Faults in force: a stopped host, a cut link, netem on a link. */
  faults: FaultRecord[];
  /** The last faults and drills, newest last (the same lines are in the lab's log). */
  events: { at: string; text: string }[];
}

// ------------------------------------------------------------------ faults

export interface NetemSpec {
  /** Added delay, ms (0-10000). */
  delayMs?: number;
  /** Jitter on the delay, ms. */
  jitterMs?: number;
  /** Lost packets, percent (0-100). */
  lossPct?: number;
  /** Rate limit, kbit/s (tbf-like, via netem's rate). */
  rateKbit?: number;
}

export const FAULT_ACTIONS = ['stop', 'start', 'cut', 'heal', 'netem', 'clear'] as const;
export type FaultAction = (typeof FAULT_ACTIONS)[number];

/** POST /api/labs/:id/faults (and a task's `faults:` in exercise.yaml, plus `wait`). */
export interface FaultRequest {
  action: FaultAction;
  host: string;
  /** For cut, heal, netem and clear: the lab network whose link it is. */
  network?: string;
  netem?: NetemSpec;
}

/**
 * One step of a task's drill (exercise.yaml `faults:`): a fault the platform applies before the
 * task's checks, or a pause. The platform undoes its faults after the checks, whatever they say.
 */
export type FaultStep = FaultRequest | { action: 'wait'; seconds: number };

export interface FaultRecord {
  kind: 'stopped' | 'cut' | 'netem';
  host: string;
  network?: string;
  netem?: NetemSpec;
  /** Who did it: the page, the CLI, or a task's drill (its id). */
  by: string;
  since: string;
}

// ------------------------------------------------------------------ packets

/** A capture preset: a filter that shows what one lesson teaches, and where to capture. */
export interface CapturePreset {
  id: string;
  label: string;
  /** What it shows and what it proves, for people. */
  explain: string;
  /** Where to capture for it: a lab network (all frames on it) or the director's interfaces. */
  where: string;
}

export const CAPTURE_PRESET_IDS = ['all', 'arp', 'dr', 'nat', 'tun', 'fullnat', 'spoof', 'vrrp', 'tcp', 'icmp'] as const;
export type CapturePresetId = (typeof CAPTURE_PRESET_IDS)[number];

/**
 * GET /api/labs/:id/capture?network=lan&preset=dr (all frames on a network, taken from the engine's
 * bridge) or ?host=lb1&iface=eth0&preset=... (one host's interface; iface "any" for all of them).
 */
export interface CaptureRequest {
  network?: string;
  host?: string;
  iface?: string;
  preset: CapturePresetId;
  /** Stop after this many frames (1-5000, default 500). */
  count?: number;
}

/** One decoded frame of a capture. */
export interface CaptureFrame {
  /** 1-based, in capture order. */
  n: number;
  /** Seconds since the capture started. */
  t: number;
  /** Captured length and length on the wire. */
  caplen: number;
  len: number;
  /** Link layer: absent where the capture has none (a host's "any"). */
  srcMac?: string;
  dstMac?: string;
  /** Lab host names of the MACs ("gateway" for the bridge; "broadcast"). */
  srcHost?: string;
  dstHost?: string;
  /** Interface (host captures on "any") and direction, when known. */
  iface?: string;
  direction?: 'in' | 'out';
  /** "ARP", "IPv4", "IPv6", "VRRP", "TCP", "UDP", "ICMP", "IPIP", or the ethertype in hex. */
  protocol: string;
  arp?: { op: 'request' | 'reply'; senderIp: string; senderMac: string; targetIp: string; targetMac: string; gratuitous: boolean };
  ip?: { src: string; dst: string; ttl: number; proto: number };
  /** IP in IP (LVS-TUN): the inner header. */
  inner?: { src: string; dst: string; proto: number };
  tcp?: { srcPort: number; dstPort: number; flags: string; seq: number; ack: number; payload: number };
  udp?: { srcPort: number; dstPort: number; payload: number };
  icmp?: { type: number; code: number; text: string };
  vrrp?: { vrid: number; priority: number; intervalS: number; addresses: string[] };
  /** Same key for every frame of one TCP/UDP connection (both directions, inner headers for IPIP). */
  flow?: string;
  /** One line for people: "10.1.2.10:51234 → 10.1.2.100:80 [S]", "who-has 10.1.2.100 tell 10.1.2.10". */
  summary: string;
}

/** What the capture stream (server-sent events) carries. */
export type CaptureEvent =
  | { type: 'started'; linktype: number; where: string; filter: string; preset: CapturePresetId }
  | { type: 'frames'; frames: CaptureFrame[] }
  /** Frames the rate cap dropped from the page (they are still in the pcap when within the ring). */
  | { type: 'dropped'; count: number }
  | { type: 'stopped'; reason: string; frames: number };
