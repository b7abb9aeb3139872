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
[ -n "$ipvs_line" ] || fail "lb1 has no TCP $svc in ipvsadm -Ln: keepalived (task 1) is not running there"
if curl -s -o /dev/null --max-time 3 "http://$RS2_IP/" 2>/dev/null; then
  fail "nginx still answers on rs2, so there is nothing for keepalived to notice: the check before this one stops it once it has seen lb1's health checks reach rs2"
fi
if ! wait_for -t 20 gone >/dev/null; then
  # The configuration keepalived runs with (keepalived_conf, scripts/lib.sh).
  keepalived_conf
  [ -n "$k_rs2_check" ] ||
    fail "nginx on rs2 has been stopped for 20 s, and keepalived still sends rs2 new connections in TCP $svc: real_server $RS2_IP 80 has no health check (HTTP_GET or TCP_CHECK), so keepalived never notices"
  ipvs_read "$svc"
  dflt=''
  [ "$k_delay" != 60 ] || dflt=' (the default)'
  fail "nginx on rs2 has been stopped for 20 s, and keepalived still sends rs2 new connections in TCP $svc (ipvsadm -Ln: $(ipvs_real "$RS2_IP")): delay_loop is $k_delay$dflt; with delay_loop 2, connect_timeout 2 and retry 1 it goes within a few seconds"
fi
ipvs_read "$svc"
set -- $(ipvs_real "$RS2_IP")
how="took rs2 out of TCP $svc"
[ "$#" -eq 0 ] || how="set rs2 to weight 0 in TCP $svc (inhibit_on_failure: no new connections)"
set -- $(ipvs_real "$RS1_IP")
[ "$#" -eq 3 ] || fail "keepalived $how, but rs1 is not in TCP $svc either"
[ "$3" != 0 ] || fail "keepalived $how, but rs1 is at weight 0 too: nothing gets new connections"
pass "keepalived $how; rs1 stays in service"
