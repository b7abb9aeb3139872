set -eu
# Task "health", 2nd check, on lb1: with nginx stopped on rs2, keepalived takes rs2 out of
# TCP VIP:80 within 20 s and keeps rs1.
svc="$VIP:80"
in_table() {  # prints the row of real server $1 in TCP $svc
  ipvsadm -Ln 2>/dev/null | awk -v s="$svc" -v ip="$1" '
    $1 == "TCP" || $1 == "UDP" || $1 == "FWM" { on = ($1 == "TCP" && $2 == s); next }
    on && $1 == "->" { split($2, a, ":"); if (a[1] == ip) print }'
}
gone() { [ -z "$(in_table "$RS2_IP")" ]; }
ipvsadm -Ln 2>/dev/null | awk -v s="$svc" '$1 == "TCP" && $2 == s { f = 1 } END { exit !f }' ||
  fail "lb1 has no TCP $svc in ipvsadm -Ln: keepalived (task 1) is not running there"
if curl -s -o /dev/null --max-time 3 "http://$RS2_IP/" 2>/dev/null; then
  fail "nginx still answers on rs2, so there is nothing for keepalived to notice: the check before this one stops it once it has seen lb1's health checks reach rs2"
fi
if ! wait_for -t 20 gone >/dev/null; then
  delay=$(awk '$1 == "delay_loop" { d = $2 } END { print d }' /etc/keepalived/keepalived.conf 2>/dev/null || true)
  fail "nginx on rs2 has been stopped for 20 s, and keepalived still lists rs2 in TCP $svc: delay_loop is ${delay:-60 (the default)}; with delay_loop 2, connect_timeout 2 and retry 1 it goes within a few seconds. Does rs2 have a health check?"
fi
[ -n "$(in_table "$RS1_IP")" ] || fail "keepalived took rs2 out, but rs1 is not in TCP $svc either"
pass "keepalived took rs2 out of TCP $svc; rs1 stays"
