// Labs must not reach the machine that runs them. Docker's internal networks stop forwarding out
// of a lab, but the bridge's own address (the .1 gateway) is the host itself: packets to it go
// through INPUT, not FORWARD, so any service listening on 0.0.0.0 was reachable from every lab
// (measured: an HTTP server on the host answered 200 from a lab container).
//
// The rules are keyed on the lab bridges' interface names (every lab network's bridge is named
// LAB_BRIDGE_PREFIX + a random suffix, see server/lab/docker-runtime.ts), not on addresses: a learner is
// root and chooses their addresses. A rule on the pool's source addresses let a datagram from
// `ip addr add 192.168.77.5/24 dev eth0` through, and, being IPv4 only, TCP over IPv6 link-local
// (`sysctl net.ipv6.conf.all.disable_ipv6=0`, then connect to the bridge's fe80:: address)
// reached a host service (both measured). So, for IPv4 and IPv6:
// - INPUT: drop everything that comes in on a lab bridge (ARP is not IP and keeps working);
// - FORWARD: drop what would be routed from or to a lab bridge (frames bridged within one lab
//   network stay allowed; for IPv4 Docker's internal-network rules also drop it).
// The old pool rule stays too, for labs created before bridges had the prefix.
import { existsSync } from 'node:fs';
import { OpslabError } from '../errors.js';
import { findExecutable, runCommand } from './host.js';
import type { EngineLog } from './types.js';

/** Reserved for lab bridges: Linux interface names have at most 15 characters, so 8 remain. */
export const LAB_BRIDGE_PREFIX = 'opslab-';
const LAB_BRIDGES = `${LAB_BRIDGE_PREFIX}+`;
const COMMENT = 'opslab: labs never reach the host';
const INSTALL = 'apt-get install iptables';

interface Rule {
  chain: string;
  match: string[];
  comment: string;
  /** DROP unless said. */
  target?: 'DROP' | 'ACCEPT';
}

/** Adds the rule at the top of its chain unless it is there already. */
async function ensureRule(props: { bin: string; rule: Rule }): Promise<{ added: boolean; error?: string }> {
  const { bin, rule } = props;
  const spec = [...rule.match, '-m', 'comment', '--comment', rule.comment, '-j', rule.target ?? 'DROP'];
  if ((await runCommand({ cmd: bin, args: ['-w', '-C', rule.chain, ...spec] })).code === 0) return { added: false };
  const added = await runCommand({ cmd: bin, args: ['-w', '-I', rule.chain, '1', ...spec] });
  return added.code === 0 ? { added: true } : { added: false, error: added.stderr.trim() };
}

/** The rules for one address family: INPUT from lab bridges, and routing from or to them. */
function familyRules(pool?: string): Rule[] {
  const routed = ['-m', 'physdev', '!', '--physdev-is-bridged'];
  return [
    ...(pool ? [{ chain: 'INPUT', match: ['-s', pool], comment: COMMENT }] : []),
    { chain: 'INPUT', match: ['-i', LAB_BRIDGES], comment: COMMENT },
    { chain: 'FORWARD', match: ['-i', LAB_BRIDGES, ...routed], comment: 'opslab: nothing is routed out of a lab' },
    { chain: 'FORWARD', match: ['-o', LAB_BRIDGES, ...routed], comment: 'opslab: nothing is routed into a lab' },
  ];
}

/**
 * Installs the host firewall for labs (idempotent): IPv4 with iptables, IPv6 with ip6tables
 * (skipped only where the kernel has no IPv6 at all). Throws ENGINE_DOWN with the fix when a rule
 * cannot be added: labs must not start on a host they could reach.
 */
export async function isolateLabPool(props: { pool: string; log?: EngineLog }): Promise<void> {
  const families: { bin: string; rules: Rule[] }[] = [];
  const iptables = findExecutable('iptables');
  if (!iptables) throw new OpslabError('ENGINE_DOWN', `iptables is missing: it is needed to keep labs away from the host (${INSTALL}).`);
  families.push({ bin: iptables, rules: familyRules(props.pool) });
  if (existsSync('/proc/net/if_inet6')) {
    const ip6tables = findExecutable('ip6tables');
    if (!ip6tables) throw new OpslabError('ENGINE_DOWN', `ip6tables is missing: it is needed to keep labs away from the host over IPv6 (${INSTALL}).`);
    families.push({ bin: ip6tables, rules: familyRules() });
  } else {
    props.log?.('firewall: this kernel has no IPv6; IPv4 rules only');
  }
  for (const { bin, rules } of families) {
    for (const rule of rules) {
      const result = await ensureRule({ bin, rule });
      if (result.error) {
        throw new OpslabError('ENGINE_DOWN', `Could not add the host firewall rule (${bin} -I ${rule.chain} ${rule.match.join(' ')}): ${result.error}`);
      }
      if (result.added) props.log?.(`firewall: ${bin.split('/').pop()} ${rule.chain} ${rule.match.join(' ')} -j DROP (${rule.comment})`);
    }
  }
}

/**
 * With br_netfilter loaded (bridge-nf-call-iptables=1), frames bridged inside one lab network
 * also traverse FORWARD, where Docker's rule for internal networks (`! -s SUBNET -o BRIDGE -j
 * DROP`) drops every packet whose source is outside the bridge's subnet: an LVS-NAT director's
 * rewritten packets (client → real server) and VRRP multicast never arrived. Accepting frames that
 * stay on one bridge (physdev) in DOCKER-USER, which FORWARD consults first, fixes both and opens
 * nothing: traffic between bridges is routed, not bridged, and still meets Docker's isolation.
 */
export async function allowBridgedLabTraffic(props: { log?: EngineLog }): Promise<void> {
  const iptables = findExecutable('iptables');
  if (!iptables) return;
  await runCommand({ cmd: iptables, args: ['-w', '-N', 'DOCKER-USER'] }); // exists already once dockerd ran
  const rule: Rule = { chain: 'DOCKER-USER', match: ['-m', 'physdev', '--physdev-is-bridged'], comment: 'opslab: frames within one lab network', target: 'ACCEPT' };
  const { error } = await ensureRule({ bin: iptables, rule });
  if (error) props.log?.(`firewall: could not accept bridged lab traffic (${error}); LVS-NAT and VRRP labs may not work here`);
}
