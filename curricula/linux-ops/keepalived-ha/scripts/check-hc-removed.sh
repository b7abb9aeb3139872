set -eu
# Task "health", 2nd check, on lb1: with nginx stopped on rs2, keepalived takes rs2 out of
# TCP VIP:80 within 20 s and keeps rs1.
svc="$VIP:80"
# rs2 out of the table (ipvs_read, ipvs_real: lib/lvs.sh); wait_for runs it in a subshell.
gone() {
  ipvs_read "$svc"
  [ -z "$(ipvs_real "$RS2_IP")" ]
}
ipvs_read "$svc"
[ -n "$ipvs_line" ] || fail "lb1 has no TCP $svc in ipvsadm -Ln: keepalived (task 1) is not running there"
if curl -s -o /dev/null --max-time 3 "http://$RS2_IP/" 2>/dev/null; then
  fail "nginx still answers on rs2, so there is nothing for keepalived to notice: the check before this one stops it once it has seen lb1's health checks reach rs2"
fi
if ! wait_for -t 20 gone >/dev/null; then
  delay=$(awk '$1 == "delay_loop" { d = $2 } END { print d }' /etc/keepalived/keepalived.conf 2>/dev/null || true)
  fail "nginx on rs2 has been stopped for 20 s, and keepalived still lists rs2 in TCP $svc: delay_loop is ${delay:-60 (the default)}; with delay_loop 2, connect_timeout 2 and retry 1 it goes within a few seconds. Does rs2 have a health check?"
fi
ipvs_read "$svc"
[ -n "$(ipvs_real "$RS1_IP")" ] || fail "keepalived took rs2 out, but rs1 is not in TCP $svc either"
pass "keepalived took rs2 out of TCP $svc; rs1 stays"
