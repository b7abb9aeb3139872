set -eu
# Task "power-off", 1st check, on lb2: the platform has powered lb1 off (no last advert, no VIP
# released); within 15 s lb2 holds the VIP, with rs1 and rs2 in its IPVS table.
pgrep -x keepalived >/dev/null ||
  fail_t off-lb2-not-running
if ! wait_for -t 15 has_addr "$VIP"; then
  fail_t off-lb2-no-vip vip="$VIP"
fi
# Its real servers in service: Route, with a weight above 0 (lvs_in_service, lib/lvs.sh); the
# messages are lb2-vip-* (messages.yaml).
lvs_in_service "$VIP:80" Route lb2-vip
pass_t off-lb2-ok vip="$VIP"
