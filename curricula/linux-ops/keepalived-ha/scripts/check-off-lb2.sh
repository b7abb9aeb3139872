set -eu
# Task "power-off", 1st check, on lb2: the platform has powered lb1 off (no last advert, no VIP
# released); within 15 s lb2 holds the VIP, with rs1 and rs2 in its IPVS table.
pgrep -x keepalived >/dev/null ||
  fail "keepalived is not running on lb2, so nothing takes over when lb1 loses power (start it: keepalived -n -l -D >>/var/log/keepalived.log 2>&1 &)"
if ! wait_for -t 15 has_addr "$VIP"; then
  fail "lb1 is powered off, and 15 s later lb2 still does not hold the VIP $VIP: a backup takes over when it has heard no advert for 3 x advert_int. lb2's vrrp_instance must list $VIP in virtual_ipaddress and share lb1's virtual_router_id (the log on lb2 shows its state: tail /var/log/keepalived.log)"
fi
# Its real servers in service: Route, with a weight above 0 (lvs_in_service, lib/lvs.sh).
lvs_in_service "$VIP:80" Route "lb2 holds the VIP, but"
pass "lb1 lost power and lb2 took the VIP $VIP, with rs1 and rs2 in its table"
