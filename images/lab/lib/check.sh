# opslab check helpers: source this file from a check script.
#
#   #!/bin/sh
#   set -eu
#   . /usr/local/lib/opslab/check.sh
#   expect_eq "$(sysctl_get net.ipv4.ip_forward)" 1 "ip_forward is off on the director"
#   pass "the director forwards packets"
#
# Check contract (DESIGN.md): exit 0 = pass, exit 1 = fail (the learner sees the last
# "FAIL: " line), any other exit = the checker itself is broken (shown to the author).
# Works in POSIX sh (dash) and bash. Names starting with _opslab_ are internal.
# Note: fail/pass/broken exit the current shell; inside $(...) they only leave the subshell.

# fail MSG: the learner's work is wrong. Prints "FAIL: MSG" and exits 1.
fail() {
  printf 'FAIL: %s\n' "$*"
  exit 1
}

# pass [MSG]: the check passed. Prints "PASS: MSG" and exits 0.
pass() {
  printf 'PASS: %s\n' "$*"
  exit 0
}

# fail_t KEY [NAME=VALUE ...]: like fail, with a message from the exercise's catalog
# (messages.yaml, then the course's), shown in the learner's language:
#   fail_t no-vip vip="$VIP" host="$(hostname)"
# prints "FAIL_T: no-vip<TAB>vip=10.0.0.100<TAB>host=rs1" and exits 1. Tabs and line ends in a
# value become spaces, so that the line stays one line.
fail_t() {
  [ "$#" -ge 1 ] || broken "fail_t needs a message KEY"
  _opslab_message FAIL_T "$@"
  exit 1
}

# pass_t KEY [NAME=VALUE ...]: like pass, with a message from the catalog (see fail_t).
pass_t() {
  [ "$#" -ge 1 ] || broken "pass_t needs a message KEY"
  _opslab_message PASS_T "$@"
  exit 0
}

_opslab_message() {
  _opslab_kind=$1
  shift
  _opslab_key=$1
  shift
  case "$_opslab_kind" in FAIL_T) _opslab_who=fail_t ;; *) _opslab_who=pass_t ;; esac
  # The server reads a line outside these bounds as plain text (server/check/contract.ts): say so
  # to the author now, as a broken check, rather than show the learner a raw key.
  case "$_opslab_key" in
    '' | [!a-z0-9]* | *[!a-z0-9._-]*) broken "$_opslab_who key '$_opslab_key' is not [a-z0-9][a-z0-9._-]*" ;;
  esac
  [ "${#_opslab_key}" -le 64 ] || broken "$_opslab_who key '$_opslab_key' is longer than 64 characters"
  [ "$#" -le 16 ] || broken "$_opslab_who takes at most 16 NAME=VALUE arguments, got $#"
  for _opslab_a in "$@"; do
    case "$_opslab_a" in
      *=*) _opslab_n=${_opslab_a%%=*} ;;
      *) broken "$_opslab_who argument '$_opslab_a' is not NAME=VALUE" ;;
    esac
    case "$_opslab_n" in
      '' | [!a-z_]* | *[!a-z0-9_]*) broken "$_opslab_who argument name '$_opslab_n' is not [a-z_][a-z0-9_]*" ;;
    esac
    [ "${#_opslab_n}" -le 32 ] || broken "$_opslab_who argument name '$_opslab_n' is longer than 32 characters"
  done
  printf '%s: %s' "$_opslab_kind" "$_opslab_key"
  for _opslab_a in "$@"; do
    printf '\t%s' "$(printf '%s' "$_opslab_a" | tr '\t\r\n' '   ')"
  done
  printf '\n'
}

# broken MSG: the check cannot run (missing tool, bad variable): an author error, not the
# learner's. Prints "ERROR: MSG" to stderr and exits 2.
broken() {
  printf 'ERROR: %s\n' "$*" >&2
  exit 2
}

# expect_eq ACTUAL EXPECTED MSG: fail with "MSG (expected 'EXPECTED', got 'ACTUAL')" unless
# the two strings are equal; returns 0 when they are.
expect_eq() {
  [ "$#" -eq 3 ] || broken "expect_eq needs ACTUAL EXPECTED MSG, got $# argument(s)"
  [ "$1" = "$2" ] || fail "$3 (expected '$2', got '$1')"
}

# http_get URL [CURL_ARGS...]: prints the body of a GET over a new TCP connection
# (Connection: close, so IPVS schedules every request afresh), 2 s to connect, 5 s in all.
# Returns curl's status: non-zero when the server cannot be reached. HTTP errors (404,
# 503) still print their body and return 0: compare the body.
http_get() {
  [ "$#" -ge 1 ] || broken "http_get needs a URL"
  curl -sS --noproxy '*' --connect-timeout 2 --max-time 5 -H 'Connection: close' "$@"
}

# neigh_mac IP: the MAC address (lower case) that this host's neighbour (ARP) table holds
# for IP; prints nothing when there is no entry or it is INCOMPLETE or FAILED.
neigh_mac() {
  [ "$#" -eq 1 ] || broken "neigh_mac needs an IP"
  ip neigh show to "$1" 2>/dev/null | awk -v ip="$1" '
    $1 == ip && $0 !~ /INCOMPLETE|FAILED/ {
      for (i = 2; i < NF; i++) if ($i == "lladdr") { print tolower($(i + 1)); exit }
    }'
}

# mac_of IFACE: this host's MAC address (lower case) on IFACE; broken if no such interface.
mac_of() {
  [ "$#" -eq 1 ] || broken "mac_of needs an interface name"
  [ -r "/sys/class/net/$1/address" ] || broken "no interface $1 on $(hostname)"
  tr 'A-F' 'a-f' < "/sys/class/net/$1/address"
}

# iface_for IP: the interface that this host's routing table uses to reach IP ("lo" for a
# local address); prints nothing and returns 1 when there is no route.
iface_for() {
  [ "$#" -eq 1 ] || broken "iface_for needs an IP"
  ip -o route get "$1" 2>/dev/null | awk '{
    for (i = 1; i < NF; i++) if ($i == "dev") { print $(i + 1); found = 1; exit }
  } END { exit !found }'
}

# sysctl_get NAME: the value of a sysctl (net.ipv4.ip_forward or net/ipv4/ip_forward);
# prints nothing and returns 1 when it does not exist.
sysctl_get() {
  [ "$#" -eq 1 ] || broken "sysctl_get needs a sysctl name"
  case "$1" in
    */*) _opslab_path="/proc/sys/$1" ;;
    *) _opslab_path="/proc/sys/$(printf '%s' "$1" | tr . /)" ;;
  esac
  [ -r "$_opslab_path" ] || return 1
  cat "$_opslab_path"
}

# sysctl_effective_arp IFACE: the ARP behaviour the kernel applies to ARP arriving on
# IFACE, which is max(conf.all, conf.IFACE) for both sysctls (a value on lo does nothing
# for eth0). Prints "arp_ignore=N arp_announce=M".
sysctl_effective_arp() {
  [ "$#" -eq 1 ] || broken "sysctl_effective_arp needs an interface name"
  [ -d "/proc/sys/net/ipv4/conf/$1" ] || broken "no interface $1 on $(hostname)"
  _opslab_out=''
  for _opslab_k in arp_ignore arp_announce; do
    _opslab_a=$(cat "/proc/sys/net/ipv4/conf/all/$_opslab_k")
    _opslab_i=$(cat "/proc/sys/net/ipv4/conf/$1/$_opslab_k")
    [ "$_opslab_i" -gt "$_opslab_a" ] && _opslab_a=$_opslab_i
    _opslab_out="$_opslab_out${_opslab_out:+ }$_opslab_k=$_opslab_a"
  done
  printf '%s\n' "$_opslab_out"
}

# has_addr IP: returns 0 when IP (v4 or v6, without prefix) is configured on any local
# interface (lo, lo:0 labels, dummies, tunl0 included), 1 otherwise.
has_addr() {
  [ "$#" -eq 1 ] || broken "has_addr needs an IP"
  ip -o addr show 2>/dev/null | awk -v ip="$1" '
    ($3 == "inet" || $3 == "inet6") { split($4, a, "/"); if (a[1] == ip) { found = 1; exit } }
    END { exit !found }'
}

# wait_for [-t SECONDS] CMD [ARGS...]: runs CMD until it succeeds, for up to SECONDS
# (default $WAIT_FOR_TIMEOUT or 5), every 0.2 s. Prints the stdout of the last attempt and
# returns its status (0 once it succeeded). stderr of the attempts is discarded.
#   wait_for -t 3 has_addr "$VIP" || fail "the VIP never came up on $(hostname)"
wait_for() {
  _opslab_t=${WAIT_FOR_TIMEOUT:-5}
  if [ "${1:-}" = "-t" ]; then
    [ "$#" -ge 2 ] || broken "wait_for -t needs SECONDS"
    _opslab_t=$2
    shift 2
  fi
  [ "$#" -ge 1 ] || broken "wait_for needs a command"
  _opslab_end=$(( $(date +%s) + _opslab_t ))
  while :; do
    _opslab_rc=0
    _opslab_wout=$("$@" 2>/dev/null) || _opslab_rc=$?
    if [ "$_opslab_rc" -eq 0 ] || [ "$(date +%s)" -ge "$_opslab_end" ]; then
      [ -n "$_opslab_wout" ] && printf '%s\n' "$_opslab_wout"
      return "$_opslab_rc"
    fi
    sleep 0.2
  done
}
