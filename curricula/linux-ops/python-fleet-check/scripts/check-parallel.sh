set -eu
# Makes three hosts silent for control (web3 and two free addresses of the LAN: iptables drops
# what control sends them, so ssh waits, as for a host that lost power), then runs the tool with
# --timeout 3 on five hosts. It must finish in 8 s (one after the other would take 9 s or more),
# report the three as unreachable with an error, and still report web1 and web2 in full.
require_tool
base=${LAN_SUBNET%.*/*}
dead1="$base.201"
dead2="$base.202"
run_dir=$(mktemp -d)
undo() {
  for ip in "$WEB3_IP" "$dead1" "$dead2"; do iptables -D OUTPUT -d "$ip" -j DROP 2>/dev/null || true; done
  rm -rf "$run_dir"
}
trap undo EXIT
for ip in "$WEB3_IP" "$dead1" "$dead2"; do iptables -I OUTPUT -d "$ip" -j DROP; done

run_tool 25 --timeout 3 web1 web3 "$dead1" "$dead2" web2
for h in web3 "$dead1" "$dead2"; do
  [ "$(host_field "$h" reachable)" = false ] ||
    fail "$cmd: hosts.$h.reachable is $(host_field "$h" reachable), but $h does not answer at all (expected false)"
  e=$(host_field "$h" error)
  [ "$e" != '<absent>' ] && [ -n "$e" ] || fail "$cmd: hosts.$h has no \"error\" saying why it is unreachable"
done
for h in web1 web2; do expect_up "$h"; done
[ "$(report_ok)" = false ] && [ "$rc" -eq 1 ] ||
  fail "$cmd: with three hosts unreachable, ok is $(report_ok) and the exit status $rc (expected false and 1)"
awk -v t="$elapsed" 'BEGIN { exit !(t <= 8) }' ||
  fail "$cmd took $elapsed s: three silent hosts with --timeout 3 one after the other; check the hosts in parallel (concurrent.futures.ThreadPoolExecutor) so the whole run takes about one timeout"
pass "with web3 and two more hosts silent, the run took $elapsed s, reported them unreachable and web1 and web2 in full, and exited 1"
