#!/bin/sh
# The lab engine pod's entrypoint: prepare cgroups, install the firewall that keeps labs away from
# the engine, start dockerd with the pod's arguments, and stay with it. The pod is ready (the file
# /run/opslab-engine.ready, which its probes test) only once all of that is in place.
set -eu

log() { echo "opslab-engine: $*" >&2; }

# cgroup v2: dockerd makes a cgroup per container below its own and enables controllers for
# them, which the kernel refuses while processes sit in the cgroup namespace's root. Move every
# process of this container into a leaf first, then hand all controllers down.
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  mkdir -p /sys/fs/cgroup/engine
  while read -r pid; do
    echo "$pid" > /sys/fs/cgroup/engine/cgroup.procs 2>/dev/null || true
  done < /sys/fs/cgroup/cgroup.procs
  sed -e 's/ / +/g' -e 's/^/+/' /sys/fs/cgroup/cgroup.controllers > /sys/fs/cgroup/cgroup.subtree_control
else
  log "warning: cgroup v1: lab containers are not held to this pod's limits"
fi

# The host firewall for labs, as server/engine/firewall.ts installs it on a local engine (keep
# the two the same): a lab bridge's gateway address is this pod, and packets to it go through
# INPUT, not FORWARD, so drop everything that comes in on a lab bridge (opslab-*) and everything
# routed from or to one, for IPv4 and IPv6. Installed before dockerd starts, so no lab ever
# exists without it; Docker adds no INPUT rules, and its FORWARD rules for internal networks
# drop routed lab traffic too.
rule() { # rule BIN CHAIN MATCH... -j TARGET: insert at the top unless present
  bin=$1; chain=$2; shift 2
  "$bin" -w -C "$chain" "$@" 2>/dev/null || "$bin" -w -I "$chain" 1 "$@"
}
firewall() {
  for bin in iptables ip6tables; do
    [ "$bin" = iptables ] || [ -e /proc/net/if_inet6 ] || { log "no IPv6 in this kernel: IPv4 rules only"; continue; }
    rule "$bin" INPUT -i opslab-+ -m comment --comment "opslab: labs never reach the host" -j DROP || return 1
    rule "$bin" FORWARD -i opslab-+ -m physdev ! --physdev-is-bridged -m comment --comment "opslab: nothing is routed out of a lab" -j DROP || return 1
    rule "$bin" FORWARD -o opslab-+ -m physdev ! --physdev-is-bridged -m comment --comment "opslab: nothing is routed into a lab" -j DROP || return 1
  done
}
# Labs must not start on an engine they could reach: without the firewall, no engine.
firewall || { log "could not install the lab firewall"; exit 1; }

# A pid file left by a dockerd that was killed makes the next one refuse to start.
rm -f /var/run/docker.pid /run/opslab-engine.ready

dockerd "$@" &
dockerd_pid=$!
trap 'kill -TERM "$dockerd_pid" 2>/dev/null || true' TERM INT

tries=0
until docker -H unix:///var/run/docker.sock version >/dev/null 2>&1; do
  kill -0 "$dockerd_pid" 2>/dev/null || { log "dockerd exited before it answered"; exit 1; }
  tries=$((tries + 1))
  [ "$tries" -lt 120 ] || { log "dockerd did not answer within 60 s"; kill -TERM "$dockerd_pid"; exit 1; }
  sleep 0.5
done

# With br_netfilter, frames bridged inside one lab network traverse FORWARD too, where Docker's
# rule for internal networks drops any whose source is outside the subnet: LVS-NAT's rewritten
# packets and VRRP. Accept frames that stay on one bridge in DOCKER-USER (consulted first; dockerd
# has made it by now). Like the server, go on without it, saying what will not work.
rule iptables DOCKER-USER -m physdev --physdev-is-bridged -m comment --comment "opslab: frames within one lab network" -j ACCEPT ||
  log "warning: could not accept bridged lab traffic; LVS-NAT and VRRP labs may not work here"

# The probes (engine.yaml) wait for this: the pod is ready, and its name resolves, only now.
touch /run/opslab-engine.ready
log "dockerd $(docker -H unix:///var/run/docker.sock version --format '{{.Server.Version}}') up; lab firewall in place"

# Until dockerd ends (a TERM from the kubelet is passed on to it by the trap above).
status=0
wait "$dockerd_pid" || status=$?
# wait returns early when the trap ran: wait again for dockerd to finish stopping its containers.
kill -0 "$dockerd_pid" 2>/dev/null && { wait "$dockerd_pid" || status=$?; }
exit "$status"
