set -eu
# Task "health", 5th check, on lb1: rs2 is back in TCP VIP:80 (Route) within 20 s.
svc="$VIP:80"
# rs2 in the table as Route (ipvs_read, ipvs_real: lib/lvs.sh); wait_for runs it in a subshell.
back() {
  ipvs_read "$svc"
  case "$(ipvs_real "$RS2_IP")" in *' Route '*) ;; *) return 1 ;; esac
}
ipvs_read "$svc"
[ -n "$ipvs_line" ] || fail "lb1 has no TCP $svc in ipvsadm -Ln: keepalived (task 1) is not running there"
curl -s -o /dev/null --max-time 3 "http://$RS2_IP/" || fail "nginx does not answer on rs2 ($RS2_IP) yet"
wait_for -t 20 back >/dev/null ||
  fail "nginx answers on rs2 again, but after 20 s keepalived has not put rs2 back in TCP $svc as Route: its health check of rs2 does not pass (ipvsadm -Ln, keepalived's log)"
pass "keepalived put rs2 back in TCP $svc once its health check passed"
