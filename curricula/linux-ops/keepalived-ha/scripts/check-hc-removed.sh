set -eu
# Task "health", 2nd check, on lb1: with nginx stopped on rs2, keepalived takes rs2 out of
# service within 20 s: out of TCP VIP:80, or kept in it at weight 0 (inhibit_on_failure); rs1
# stays in service.
svc="$VIP:80"
# rs2 out of service (ipvs_read, ipvs_real: lib/lvs.sh); wait_for runs it in a subshell.
gone() {
  ipvs_read "$svc"
  set -- $(ipvs_real "$RS2_IP")
  [ "$#" -eq 0 ] || [ "$3" = 0 ]
}
ipvs_read "$svc"
[ -n "$ipvs_line" ] || fail_t hc-no-service svc="$svc"
if curl -s -o /dev/null --max-time 3 "http://$RS2_IP/" 2>/dev/null; then
  fail_t hc-removed-nginx-up
fi
if ! wait_for -t 20 gone >/dev/null; then
  # The configuration keepalived runs with (keepalived_conf, scripts/lib.sh).
  keepalived_conf
  [ -n "$k_rs2_check" ] ||
    fail_t hc-removed-no-check svc="$svc" rs2_ip="$RS2_IP"
  ipvs_read "$svc"
  [ "$k_delay" != 60 ] ||
    fail_t hc-removed-default-delay svc="$svc" row="$(ipvs_real "$RS2_IP")" delay="$k_delay"
  fail_t hc-removed-slow svc="$svc" row="$(ipvs_real "$RS2_IP")" delay="$k_delay"
fi
ipvs_read "$svc"
set -- $(ipvs_real "$RS2_IP")
# Taken out of the table (the keys below), or set to weight 0 (the keys ending -inhibited).
how=''
[ "$#" -eq 0 ] || how=-inhibited
set -- $(ipvs_real "$RS1_IP")
[ "$#" -eq 3 ] || fail_t "hc-rs1-missing$how" svc="$svc"
[ "$3" != 0 ] || fail_t "hc-rs1-weight-0$how" svc="$svc"
pass_t "hc-removed-ok$how" svc="$svc"
