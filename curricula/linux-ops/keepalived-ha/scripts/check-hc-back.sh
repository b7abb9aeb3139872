set -eu
# Task "health", 5th check, on lb1: rs2 is back in TCP VIP:80 (Route) within 20 s.
svc="$VIP:80"
back() {
  ipvsadm -Ln 2>/dev/null | awk -v s="$svc" -v ip="$RS2_IP" '
    $1 == "TCP" || $1 == "UDP" || $1 == "FWM" { on = ($1 == "TCP" && $2 == s); next }
    on && $1 == "->" { split($2, a, ":"); if (a[1] == ip && $3 == "Route") f = 1 }
    END { exit !f }'
}
ipvsadm -Ln 2>/dev/null | awk -v s="$svc" '$1 == "TCP" && $2 == s { f = 1 } END { exit !f }' ||
  fail "lb1 has no TCP $svc in ipvsadm -Ln: keepalived (task 1) is not running there"
curl -s -o /dev/null --max-time 3 "http://$RS2_IP/" || fail "nginx does not answer on rs2 ($RS2_IP) yet"
wait_for -t 20 back >/dev/null ||
  fail "nginx answers on rs2 again, but after 20 s keepalived has not put rs2 back in TCP $svc as Route: its health check of rs2 does not pass (ipvsadm -Ln, keepalived's log)"
pass "keepalived put rs2 back in TCP $svc once its health check passed"
