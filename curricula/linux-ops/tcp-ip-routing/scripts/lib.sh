# Shared by this exercise's scripts (the exercise's `prelude`): functions only, nothing runs here.

# plan_addr: sets $second (the last usable address of the third /26 of the right network, .190)
# and $second_net (that /26, .128/26). The right network is a /24 (exercise.yaml).
plan_addr() {
  [ "${RIGHT_PREFIX:-}" = 24 ] || broken "the right network must be a /24, got /${RIGHT_PREFIX:-?}"
  right_base=${RIGHT_SUBNET%.*}
  second=$right_base.190
  second_net=$right_base.128/26
}

# route_via DEST [FROM]: sets $via to the gateway `ip route get` picks for DEST ("" when DEST
# is on a local subnet) and $route_err to its error ("" when there is a route).
route_via() {
  local out
  via='' route_err=''
  if out=$(ip -o route get "$1" ${2:+from "$2"} 2>&1); then
    via=$(printf '%s\n' "$out" | awk '{ for (i = 1; i < NF; i++) if ($i == "via") { print $(i + 1); exit } }')
  else
    route_err=$(printf '%s' "$out" | head -n 1)
  fi
}

# pcap_load FILE: checks FILE is a capture that tcpdump -r reads, and sets $pcap to its TCP
# packets, one "SRC DST FLAGS SEQ ACK" line each (addresses as a.b.c.d.port, absolute
# sequence numbers, "-" where a field is absent).
pcap_load() {
  local text
  [ -e "$1" ] || fail_t pcap-missing file="$1"
  [ -s "$1" ] || fail_t pcap-empty file="$1"
  if ! text=$(tcpdump -nn -S -r "$1" tcp 2>&1 </dev/null); then
    if head -c 200 "$1" | grep -aq 'Flags \['; then
      fail_t pcap-is-text file="$1"
    fi
    fail_t pcap-unreadable file="$1" error="$(printf '%s' "$text" | grep -v '^reading from' | head -n 1)"
  fi
  # A capture on "any" (tcpdump -i any) puts the interface and direction before "IP".
  pcap=$(printf '%s\n' "$text" | awk '
    {
      k = 0
      for (i = 1; i <= NF - 4; i++) if ($i == "IP" && $(i + 4) == "Flags") { k = i; break }
      if (!k) next
      dst = $(k + 3); sub(/:$/, "", dst); fl = $(k + 5); sub(/,$/, "", fl)
      seq = "-"; ack = "-"
      for (i = k + 6; i < NF; i++) {
        if ($i == "seq") { seq = $(i + 1); sub(/,$/, "", seq); sub(/:.*/, "", seq) }
        if ($i == "ack") { ack = $(i + 1); sub(/,$/, "", ack) }
      }
      print $(k + 1), dst, fl, seq, ack
    }')
}

# server_ep ENDPOINT: true when a.b.c.d.port is one of server's two addresses.
server_ep() {
  case "$1" in "$SERVER_IP".* | "$second".*) return 0 ;; esac
  return 1
}

# plus1 N: N + 1 modulo 2^32 (TCP sequence numbers wrap).
plus1() { awk -v n="$1" 'BEGIN { printf "%.0f\n", (n + 1) % 4294967296 }'; }
