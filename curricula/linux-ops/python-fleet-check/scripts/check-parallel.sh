set -eu
# Makes three hosts silent for control (web3 and two free addresses of the LAN: iptables drops
# what control sends them, so ssh waits, as for a host that lost power) and adds one that hangs
# after the connection: a free address put on control's lo, where socat accepts on port 22,
# sends an SSH banner and then nothing (ConnectTimeout does not cover that; only a timeout on
# the whole ssh does). Then it runs the tool with --timeout 3 on all six. It must finish within
# 8 s (one after the other would take 12 s or more), report the four as unreachable with an
# error, and still report web1 and web2 in full. Everything is undone afterwards.
require_tool
base=${LAN_SUBNET%.*/*}
dead1="$base.201"
dead2="$base.202"
hung="$base.203"
run_dir=$(mktemp -d)
hung_pid=
undo() {
  for ip in "$WEB3_IP" "$dead1" "$dead2"; do iptables -D OUTPUT -d "$ip" -j DROP 2>/dev/null || true; done
  [ -z "$hung_pid" ] || kill -- "-$hung_pid" 2>/dev/null || true
  ip addr del "$hung/32" dev lo 2>/dev/null || true
  rm -rf "$run_dir"
}
trap undo EXIT
for ip in "$WEB3_IP" "$dead1" "$dead2"; do iptables -I OUTPUT -d "$ip" -j DROP; done
ip addr add "$hung/32" dev lo
setsid socat "TCP-LISTEN:22,bind=$hung,fork,reuseaddr" SYSTEM:'echo SSH-2.0-OpenSSH_9.2p1; sleep 40' </dev/null >/dev/null 2>&1 &
hung_pid=$!
wait_for -t 5 sh -c "ss -Htln 'src $hung and sport = :22' | grep -q ." || broken "socat does not listen on $hung:22"
hung_host=$hung

run_tool 20 --timeout 3 web1 web3 "$dead1" "$dead2" "$hung" web2
for h in web3 "$dead1" "$dead2" "$hung"; do
  [ "$(host_field "$h" reachable)" = false ] ||
    fail_t host-should-be-unreachable cmd="$cmd" host="$h" value="$(host_field "$h" reachable)"
  e=$(host_field "$h" error)
  [ "$e" != '<absent>' ] && [ -n "$e" ] || fail_t host-no-error cmd="$cmd" host="$h"
done
for h in web1 web2; do expect_up "$h"; done
[ "$(report_ok)" = false ] && [ "$rc" -eq 1 ] ||
  fail_t parallel-not-failed cmd="$cmd" ok="$(report_ok)" rc="$rc"
awk -v t="$elapsed" 'BEGIN { exit !(t <= 8) }' ||
  fail_t parallel-too-slow cmd="$cmd" elapsed="$elapsed"
pass_t parallel-ok elapsed="$elapsed"
