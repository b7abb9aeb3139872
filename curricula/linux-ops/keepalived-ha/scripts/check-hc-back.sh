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
[ -n "$ipvs_line" ] || fail_t hc-no-service svc="$svc"
curl -s -o /dev/null --max-time 3 "http://$RS2_IP/" || fail_t hc-back-nginx-down rs2_ip="$RS2_IP"
if ! wait_for -t 20 back >/dev/null; then
  ipvs_read "$svc"
  now=$(ipvs_real "$RS2_IP")
  [ -n "$now" ] ||
    fail_t hc-back-no-row svc="$svc"
  fail_t hc-back-not-in-service svc="$svc" now="$now"
fi
pass_t hc-back-ok svc="$svc"
