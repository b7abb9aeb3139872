set -eu
# Task "failover", 3rd check, on lb2: within 15 s of lb1's keepalived stopping, lb2 holds the
# VIP, and its IPVS table has rs1 and rs2.
pgrep -x keepalived >/dev/null || fail_t fo-lb2-not-running
if ! wait_for -t 15 has_addr "$VIP"; then
  fail_t fo-lb2-no-vip vip="$VIP"
fi
# Its real servers in service: Route, with a weight above 0 (lvs_in_service, lib/lvs.sh); the
# messages are lb2-vip-* (messages.yaml).
lvs_in_service "$VIP:80" Route lb2-vip
pass_t fo-lb2-ok vip="$VIP"
