set -eu
# Task "failover", 2nd check, on lb1: lb1 holds the VIP with keepalived running; the check
# stops keepalived (SIGTERM, as `service keepalived stop` does) and sees the VIP leave.
# Its command line and log file are kept so that the last check of this task restarts it.
main=$(keepalived_main)  # scripts/lib.sh
[ -n "$main" ] || fail "keepalived is not running on lb1 (task 1)"
has_addr "$VIP" || fail "lb1 does not hold the VIP $VIP, so there is nothing to fail over: lb1 must be the master (task 1)"
tr '\0' '\n' < "/proc/$main/cmdline" > /run/opslab-keepalived.cmd
# The folder it was started in: a relative -f FILE is read from there.
readlink "/proc/$main/cwd" > /run/opslab-keepalived.cwd 2>/dev/null || echo / > /run/opslab-keepalived.cwd
log=$(readlink "/proc/$main/fd/1" 2>/dev/null || true)
case "$log" in /*) [ -f "$log" ] || log=/var/log/keepalived.log ;; *) log=/var/log/keepalived.log ;; esac
printf '%s\n' "$log" > /run/opslab-keepalived.log
kill -TERM "$main"
stopped() { ! kill -0 "$main" 2>/dev/null; }
wait_for -t 15 stopped >/dev/null || broken "keepalived (pid $main) did not stop within 15 s of SIGTERM"
# keepalived removes its VIPs on a clean stop (-V/--dont-release-vrrp would keep them).
if has_addr "$VIP"; then
  ip addr del "$VIP/32" dev eth0 2>/dev/null || true
  fail "keepalived stopped on lb1, but left the VIP $VIP on eth0 (started with -V / --dont-release-vrrp?): a dead director holding the VIP is split brain. The check removed it"
fi
pass "keepalived on lb1 stopped; the VIP left lb1"
