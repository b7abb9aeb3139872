// Which kernel features labs can use on an engine, found out by one short-lived container with
// exactly the rights a lab host gets (cap-drop ALL + NET_ADMIN + NET_RAW, no network).
import { type DockerClient, type EngineInfo, engineInfo, runProbeContainer } from './docker.js';
import { KERNEL_FEATURES, type FeatureProbe, type FeatureReport } from './types.js';

export interface EngineFacts extends EngineInfo {
  /** The daemon remaps container root to an unprivileged host uid (`--userns-remap`). */
  userns: boolean;
}

export async function engineFacts(docker: DockerClient): Promise<EngineFacts> {
  const info = await engineInfo(docker);
  return { ...info, userns: info.securityOptions.some((o) => o.split(',').includes('name=userns')) };
}

export interface ProbeOptions {
  /**
   * The engine's kernel is disposable (a per-lab VM): let labs have unconfined /proc/sys even
   * without userns-remap. Never set it for a kernel shared with anything else.
   */
  disposableKernel?: boolean;
}

/**
 * Docker's default read-only /proc paths minus /proc/sys. This is what `docker run
 * --security-opt systempaths=unconfined` means, minus its unmasking: the Engine API rejects
 * that option in SecurityOpt, it wants HostConfig.ReadonlyPaths (MaskedPaths keep their default).
 */
export const UNCONFINED_SYS_READONLY_PATHS = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sysrq-trigger'];

/**
 * What a lab host container's HostConfig gets on an engine with this report: a writable
 * /proc/sys (per-namespace net sysctls such as arp_ignore) only where `netsysctl` was found safe.
 */
export function labHostConfig(report: FeatureReport): { ReadonlyPaths?: string[] } {
  return report.netsysctl.ok ? { ReadonlyPaths: [...UNCONFINED_SYS_READONLY_PATHS] } : {};
}

const cache = new WeakMap<DockerClient, Map<string, Promise<FeatureReport>>>();

/** Probes once per engine (dockerode client) and image; a failed probe is not cached. */
export function probeFeatures(docker: DockerClient, image: string, opts: ProbeOptions = {}): Promise<FeatureReport> {
  const perEngine = cache.get(docker) ?? new Map<string, Promise<FeatureReport>>();
  cache.set(docker, perEngine);
  const key = `${image} ${opts.disposableKernel === true}`;
  let report = perEngine.get(key);
  if (!report) {
    report = runProbe({ docker, image, opts });
    perEngine.set(key, report);
    report.catch(() => perEngine.delete(key));
  }
  return report;
}

// Each line: feature <TAB> 1|0 <TAB> detail. Plain sh: the image may be debian:bookworm alone.
const PROBE_SCRIPT = String.raw`
say() { printf '%s\t%s\t%s\n' "$1" "$2" "$(printf '%s' "$3" | tr '\n\t' '  ' | cut -c1-300)"; }
if ! command -v ipvsadm >/dev/null 2>&1; then say ipvs 0 "ipvsadm is not in the probe image"
elif out=$(ipvsadm -Ln 2>&1); then say ipvs 1 "ipvsadm -Ln works: $(printf '%s' "$out" | head -n 1)"
else say ipvs 0 "ipvsadm -Ln failed: $out"; fi
if ip link show tunl0 >/dev/null 2>&1; then say ipip 1 "tunl0 exists (ipip is loaded)"
elif out=$(ip link add opslabprobe0 type ipip remote 192.0.2.1 local 192.0.2.2 2>&1); then
  ip link del opslabprobe0 2>/dev/null; say ipip 1 "ip link add ... type ipip works"
else say ipip 0 "no tunl0, and ip link add ... type ipip failed: $out"; fi
if command -v python3 >/dev/null 2>&1; then
  if out=$(python3 -c 'import socket; socket.socket(socket.AF_INET, socket.SOCK_RAW, 112).close()' 2>&1)
  then say vrrp 1 "a raw socket for IP protocol 112 (VRRP) opens (NET_RAW)"
  else say vrrp 0 "a raw socket for IP protocol 112 failed: $out"; fi
else
  eff=$(awk '/^CapEff/ { print $2 }' /proc/self/status)
  if [ $(( 0x$eff >> 13 & 1 )) = 1 ]; then say vrrp 1 "NET_RAW is in the effective capabilities (no python3 to open a socket)"
  else say vrrp 0 "NET_RAW is not in the effective capabilities ($eff)"; fi
fi
# Full NAT needs IPVS connections tracked (net.ipv4.vs.conntrack=1), set by the learner. Debian's
# 6.1 hides every IPVS sysctl from a network namespace owned by a user namespace; 6.12 does not.
v=/proc/sys/net/ipv4/vs/conntrack
if [ ! -e $v ]; then say ipvsct 0 "no net.ipv4.vs.conntrack in a lab (no IPVS, or a kernel such as 6.1 that hides the IPVS sysctls from user-namespaced containers)"
elif [ "$OPSLAB_PROBE_SYSPATHS" = confined ]; then say ipvsct 0 "/proc/sys is read-only in labs here, so net.ipv4.vs.conntrack cannot be set"
elif out=$( (cat $v > $v) 2>&1); then say ipvsct 1 "net.ipv4.vs.conntrack is writable in a lab"
else say ipvsct 0 "net.ipv4.vs.conntrack is not writable in a lab: $out"; fi
if [ "$OPSLAB_PROBE_SYSPATHS" = confined ]; then say netsysctl 0 "$OPSLAB_PROBE_WHY"; exit 0; fi
f=/proc/sys/net/ipv4/conf/all/arp_ignore
old=$(cat $f)
if ! out=$( (echo 1 > $f) 2>&1); then say netsysctl 0 "cannot write net.ipv4.conf.all.arp_ignore: $out"; exit 0; fi
echo "$old" > $f
k=/proc/sys/kernel/core_pattern
# Non-destructive: access() first, then rewriting the value it already has.
v=$(cat $k)
if [ -w $k ] || (printf '%s\n' "$v" > $k) 2>/dev/null; then
  if [ "$OPSLAB_PROBE_DISPOSABLE" = 1 ]; then say netsysctl 1 "net sysctls writable; kernel sysctls too, accepted: the kernel is a disposable VM"
  else say netsysctl 0 "net sysctls writable but so is kernel.core_pattern (host escape): refusing"; fi
else say netsysctl 1 "net.ipv4.conf.* writable in the lab's namespace; kernel.core_pattern is not"; fi
`;

async function runProbe(props: { docker: DockerClient; image: string; opts: ProbeOptions }): Promise<FeatureReport> {
  const { docker, image, opts } = props;
  const facts = await engineFacts(docker);
  const unconfined = facts.userns || opts.disposableKernel === true;
  const why = 'the engine runs without --userns-remap, so /proc/sys stays read-only in labs (unconfined, container root could write kernel sysctls such as core_pattern); run opslab\'s own engine (`opslab engine up`) or the vm engine';
  const output = await runProbeContainer({
    docker,
    image,
    script: PROBE_SCRIPT,
    env: [
      `OPSLAB_PROBE_SYSPATHS=${unconfined ? 'unconfined' : 'confined'}`,
      `OPSLAB_PROBE_WHY=${why}`,
      `OPSLAB_PROBE_DISPOSABLE=${opts.disposableKernel ? 1 : 0}`,
    ],
    ...(unconfined ? { readonlyPaths: [...UNCONFINED_SYS_READONLY_PATHS] } : {}),
    timeoutMs: 30_000,
  });
  return parseProbeOutput(output);
}

export function parseProbeOutput(output: string): FeatureReport {
  const seen = new Map<string, FeatureProbe>();
  for (const line of output.split(/\r?\n/)) {
    const [name, ok, detail] = line.split('\t');
    if (name && (ok === '1' || ok === '0')) seen.set(name, { ok: ok === '1', detail: detail ?? '' });
  }
  const report = {} as FeatureReport;
  for (const feature of KERNEL_FEATURES) {
    report[feature] = seen.get(feature) ?? { ok: false, detail: `the probe said nothing about ${feature}: ${output.trim().slice(-200)}` };
  }
  return report;
}
