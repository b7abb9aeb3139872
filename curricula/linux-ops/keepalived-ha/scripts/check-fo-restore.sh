set -eu
# Task "failover", last check, on lb1: start keepalived again as it was started before the
# failover (the 2nd check kept its command line and folder), then lb1 must take the VIP back
# (preempt).
if [ -s /run/opslab-keepalived.cmd ] && [ -z "$(keepalived_main)" ]; then
  log=$(cat /run/opslab-keepalived.log 2>/dev/null || echo /var/log/keepalived.log)
  dir=$(cat /run/opslab-keepalived.cwd 2>/dev/null || echo /)
  set --
  while IFS= read -r arg; do set -- "$@" "$arg"; done < /run/opslab-keepalived.cmd
  rm -f /run/opslab-keepalived.cmd
  (cd "$dir" 2>/dev/null || cd /; setsid -f "$@" </dev/null >>"$log" 2>&1) || true
  sleep 1
fi
rm -f /run/opslab-keepalived.cmd /run/opslab-keepalived.cwd
[ -n "$(keepalived_main)" ] || fail "keepalived is not running on lb1 (start it again: keepalived -n -l -D >>/var/log/keepalived.log 2>&1 &)"
if ! wait_for -t 20 has_addr "$VIP"; then
  # The configuration it runs with (keepalived_conf, scripts/lib.sh).
  keepalived_conf
  [ "$k_state:$k_nopreempt" != BACKUP:yes ] ||
    fail "keepalived runs on lb1 again, but lb2 keeps the VIP: lb1's vrrp_instance has nopreempt (with state BACKUP), which tells lb1 not to take it back. This exercise wants lb1 back as master: remove nopreempt"
  fail "keepalived runs on lb1 again, but 20 s later lb1 has not taken the VIP back from lb2: lb1's priority ($k_prio) must be higher than lb2's (with equal priorities the master keeps the VIP)"
fi
pass "keepalived is back on lb1 and lb1 took the VIP back"
