#!/usr/bin/env bash
# A second Docker engine on this machine, for the scale-out tests (two engines in one pool): its own
# dockerd with its own data, exec root, socket and pid file, userns-remapped like opslab's, a
# default bridge of its own (opslab-b0: `--bridge=none` would make it delete the first engine's
# docker0), no iptables of its own (opslab's fence of OPSLAB_POOL covers its labs), and the lab
# image copied from the first engine. Idempotent: a running one is left as it is, a killed
# one is started again. Prints its DOCKER_HOST.
set -eu
SOCK=${OPSLAB_ENGINE_B_SOCK:-/run/opslab-engine-b.sock}
ROOT=/var/lib/opslab/engine-b
EXEC=/run/opslab-engine-b
PIDFILE=/run/opslab-engine-b.pid
LOG=/var/log/opslab-engine-b.log
B="docker -H unix://$SOCK"
if ! $B version >/dev/null 2>&1; then
  mkdir -p "$ROOT" "$EXEC"
  if ! ip link show opslab-b0 >/dev/null 2>&1; then
    ip link add opslab-b0 type bridge
    ip addr add 172.31.254.1/24 dev opslab-b0
    ip link set opslab-b0 up
  fi
  # Left by a dockerd that was killed: its pid file and its containerd stop the next one.
  if [ -f "$PIDFILE" ] && ! kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then rm -f "$PIDFILE"; fi
  cpid="$EXEC/containerd/containerd.pid"
  if [ -f "$cpid" ]; then kill "$(cat "$cpid")" 2>/dev/null || true; rm -f "$cpid"; fi
  setsid dockerd --userns-remap=default --data-root "$ROOT" --exec-root "$EXEC" --pidfile "$PIDFILE" \
    -H "unix://$SOCK" --bridge=opslab-b0 --iptables=false --ip6tables=false >>"$LOG" 2>&1 < /dev/null &
  for _ in $(seq 1 240); do $B version >/dev/null 2>&1 && break; sleep 0.25; done
  $B version >/dev/null 2>&1 || { echo "engine b did not start; last lines of $LOG:" >&2; tail -n 5 "$LOG" >&2; exit 1; }
fi
# The lab image under every tag the first engine has it (opslab finds it by tag).
tags=$(docker images --format '{{.Repository}}:{{.Tag}}' opslab/lab | grep -v '<none>' || true)
[ -n "$tags" ] || { echo "the first engine has no opslab/lab image: run opslab setup" >&2; exit 1; }
want=$(docker image inspect --format '{{.Id}}' opslab/lab:latest)
if [ "$($B image inspect --format '{{.Id}}' opslab/lab:latest 2>/dev/null || true)" != "$want" ]; then
  # shellcheck disable=SC2086
  docker save $tags | $B load >/dev/null
fi
for t in $tags; do $B image inspect "$t" >/dev/null 2>&1 || $B tag opslab/lab:latest "$t"; done
echo "unix://$SOCK"
