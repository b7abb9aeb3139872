// Labs must not reach the machine that runs them. Docker's internal networks stop forwarding out
// of a lab, but the bridge's own address (the .1 gateway) is the host itself: packets to it go
// through INPUT, not FORWARD, so any service listening on 0.0.0.0 was reachable from every lab
// (measured: an HTTP server on the host answered 200 from a lab container). One INPUT rule per
// address family drops everything from the lab pool; ARP is not IP and keeps working.
import { OpslabError } from '../errors.js';
import { findExecutable, runCommand } from './host.js';
import type { EngineLog } from './types.js';

const COMMENT = 'opslab: labs never reach the host';

export async function isolateLabPool(props: { pool: string; log?: EngineLog }): Promise<void> {
  const iptables = findExecutable('iptables');
  if (!iptables) throw new OpslabError('ENGINE_DOWN', 'iptables is missing: it is needed to keep labs away from the host (apt-get install iptables).');
  const rule = ['INPUT', '-s', props.pool, '-m', 'comment', '--comment', COMMENT, '-j', 'DROP'];
  const present = await runCommand({ cmd: iptables, args: ['-w', '-C', ...rule] });
  if (present.code === 0) return;
  const added = await runCommand({ cmd: iptables, args: ['-w', '-I', ...rule.slice(0, 1), '1', ...rule.slice(1)] });
  if (added.code !== 0) throw new OpslabError('ENGINE_DOWN', `Could not add the host firewall rule for ${props.pool}: ${added.stderr.trim()}`);
  props.log?.(`firewall: dropping traffic from ${props.pool} to this host (INPUT)`);
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
  const rule = ['DOCKER-USER', '-m', 'physdev', '--physdev-is-bridged', '-m', 'comment', '--comment', 'opslab: frames within one lab network', '-j', 'ACCEPT'];
  if ((await runCommand({ cmd: iptables, args: ['-w', '-C', ...rule] })).code === 0) return;
  const added = await runCommand({ cmd: iptables, args: ['-w', '-I', 'DOCKER-USER', '1', ...rule.slice(1)] });
  if (added.code !== 0) props.log?.(`firewall: could not accept bridged lab traffic (${added.stderr.trim()}); LVS-NAT and VRRP labs may not work here`);
}
