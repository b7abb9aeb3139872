set -eu
# Task "health", 5th check, on lb1: rs2 is back in service in TCP VIP:80 (Route, weight above 0)
# within 20 s.
svc="$VIP:80"
# rs2 in the table as Route with a weight (ipvs_read, ipvs_real: lib/lvs.sh); wait_for runs it in
# a subshell.
back() {
  ipvs_read "$svc"
  set -- $(ipvs_real "$RS2_IP")
  [ "$#" -eq 3 ] && [ "$2" = Route ] && [ "$3" != 0 ]
}
ipvs_read "$svc"
[ -n "$ipvs_line" ] || fail "lb1 has no TCP $svc in ipvsadm -Ln: keepalived (task 1) is not running there"
curl -s -o /dev/null --max-time 3 "http://$RS2_IP/" || fail "nginx does not answer on rs2 ($RS2_IP) yet"
if ! wait_for -t 20 back >/dev/null; then
  ipvs_read "$svc"
  now=$(ipvs_real "$RS2_IP")
  fail "nginx answers on rs2 again, but after 20 s keepalived has not put rs2 back in service in TCP $svc (ipvsadm -Ln has ${now:-no row for rs2}; in service is Route with a weight above 0): its health check of rs2 does not pass (keepalived's log)"
fi
pass "keepalived put rs2 back in TCP $svc once its health check passed"
