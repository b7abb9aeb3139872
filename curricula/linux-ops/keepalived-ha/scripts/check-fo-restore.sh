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
[ -n "$(keepalived_main)" ] || fail_t fo-restore-not-running
if ! wait_for -t 20 has_addr "$VIP"; then
  # The configuration it runs with (keepalived_conf, scripts/lib.sh).
  keepalived_conf
  [ "$k_state:$k_nopreempt" != BACKUP:yes ] ||
    fail_t fo-restore-nopreempt
  fail_t fo-restore-no-takeback prio="$k_prio"
fi
pass_t fo-restore-ok
