// Lab addressing: each lab network gets a /24 slot from the pool (the topology's prefix is used
// inside it), and every address, variable and placeholder is derived from slot + offset.
import { OpslabError } from '../errors.js';
import type { Topology } from './types.js';
import { settings } from '../config.js';

export const labPool = (): string => settings().pool;

export interface Pool {
  /** First address of the pool as a 32-bit number, and how many /24 slots it has. */
  base: number;
  slots: number;
}

export function parsePool(cidr: string): Pool {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr.trim());
  const prefix = m ? Number(m[5]) : NaN;
  if (!m || prefix > 24 || prefix < 8 || m.slice(1, 5).some((o) => Number(o) > 255)) {
    throw new Error(`the lab address pool must be an IPv4 CIDR of /8 to /24, such as 10.123.0.0/16 (got '${cidr}')`);
  }
  const base = ipToInt(m.slice(1, 5).join('.')) & maskOf(prefix);
  return { base, slots: 2 ** (24 - prefix) };
}

export function ipToInt(ip: string): number {
  return ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0) >>> 0;
}

export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

const maskOf = (prefix: number) => (prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0);

/** Slots in use, recovered from live labs; allocation takes the lowest free ones. */
export class SubnetAllocator {
  private readonly used = new Set<number>();

  constructor(private readonly pool: Pool) {}

  /** Mark a subnet (e.g. recovered from a label) as used; false if it is outside the pool. */
  claim(cidr: string): boolean {
    const slot = (ipToInt(cidr.split('/')[0]!) - this.pool.base) / 256;
    if (!Number.isInteger(slot) || slot < 0 || slot >= this.pool.slots) return false;
    this.used.add(slot);
    return true;
  }

  /**
   * `count` free slots, skipping `alsoTaken` (subnets others use now) without holding those; the
   * search starts at slot `from` (and wraps), so servers that collided once do not again in step.
   */
  allocate(count: number, alsoTaken: Iterable<string> = [], from = 0): string[] {
    const taken = new Set<number>();
    for (const cidr of alsoTaken) {
      const slot = (ipToInt(cidr.split('/')[0]!) - this.pool.base) / 256;
      if (Number.isInteger(slot)) taken.add(slot);
    }
    const out: number[] = [];
    for (let i = 0; i < this.pool.slots && out.length < count; i++) {
      const s = (from + i) % this.pool.slots;
      if (!this.used.has(s) && !taken.has(s)) out.push(s);
    }
    if (out.length < count) {
      throw new OpslabError('ADDRESS_POOL_EXHAUSTED', `The lab address pool has no ${count} free /24 subnet(s) left (${this.used.size} of ${this.pool.slots} in use).`);
    }
    for (const s of out) this.used.add(s);
    return out.map((s) => `${intToIp(this.pool.base + s * 256)}/24`);
  }

  release(cidrs: string[]): void {
    for (const c of cidrs) this.used.delete((ipToInt(c.split('/')[0]!) - this.pool.base) / 256);
  }

  /** Slots in the pool. */
  get slots(): number {
    return this.pool.slots;
  }

  get inUse(): number {
    return this.used.size;
  }
}

export interface LabAddressing {
  /** network → subnet CIDR with the topology's prefix (10.123.4.0/24) */
  subnets: Record<string, string>;
  /** network → gateway (offset 1, the bridge on the engine) */
  gateways: Record<string, string>;
  /** host → network → address */
  hostAddresses: Record<string, Record<string, string>>;
  env: Record<string, string>;
  values: Record<string, string>;
}

const envName = (s: string) => s.toUpperCase().replace(/-/g, '_');

/** Addresses, environment variables and lesson placeholders of a lab, from its /24 slots. */
export function addressLab(topology: Topology, slots: Record<string, string>): LabAddressing {
  const subnets: Record<string, string> = {};
  const gateways: Record<string, string> = {};
  const base: Record<string, number> = {};
  const env: Record<string, string> = {};
  const values: Record<string, string> = {};
  for (const net of topology.networks) {
    base[net.name] = ipToInt(slots[net.name]!.split('/')[0]!);
    subnets[net.name] = `${intToIp(base[net.name]!)}/${net.prefix}`;
    gateways[net.name] = intToIp(base[net.name]! + 1);
    env[`${envName(net.name)}_SUBNET`] = subnets[net.name]!;
    env[`${envName(net.name)}_PREFIX`] = String(net.prefix);
    values[`subnet.${net.name}`] = subnets[net.name]!;
    values[`prefix.${net.name}`] = String(net.prefix);
  }
  const hostAddresses: Record<string, Record<string, string>> = {};
  for (const host of topology.hosts) {
    hostAddresses[host.name] = {};
    Object.entries(host.networks).forEach(([net, offset], i) => {
      const ip = intToIp(base[net]! + offset);
      hostAddresses[host.name]![net] = ip;
      env[`${envName(host.name)}_${envName(net)}_IP`] = ip;
      values[`ip.${host.name}.${net}`] = ip;
      if (i === 0) {
        env[`${envName(host.name)}_IP`] = ip;
        values[`ip.${host.name}`] = ip;
      }
    });
  }
  for (const [name, addr] of Object.entries(topology.addresses)) {
    const ip = intToIp(base[addr.network]! + addr.offset);
    env[envName(name)] = ip;
    values[name] = ip;
  }
  env.LAB_HOSTS = topology.hosts.map((h) => h.name).join(' ');
  return { subnets, gateways, hostAddresses, env, values };
}
