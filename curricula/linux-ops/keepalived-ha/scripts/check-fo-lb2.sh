set -eu
# Task "failover", 3rd check, on lb2: within 15 s of lb1's keepalived stopping, lb2 holds the
# VIP, and its IPVS table has rs1 and rs2.
pgrep -x keepalived >/dev/null || fail "keepalived is not running on lb2: nothing can take over the VIP"
if ! wait_for -t 15 has_addr "$VIP"; then
  fail "lb1 has stopped, and 15 s later lb2 still does not hold the VIP $VIP: lb2's vrrp_instance must list $VIP in virtual_ipaddress, and be in the same group (virtual_router_id) as lb1 (keepalived's log on lb2 shows its state)"
fi
# Its real servers in service: Route, with a weight above 0 (lvs_in_service, lib/lvs.sh).
lvs_in_service "$VIP:80" Route "lb2 holds the VIP, but"
pass "lb2 took over the VIP $VIP, with rs1 and rs2 in its table"
