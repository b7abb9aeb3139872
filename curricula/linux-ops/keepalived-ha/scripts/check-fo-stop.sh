set -eu
# Task "failover", 2nd check, on lb1: lb1 holds the VIP with keepalived running; the check
# stops keepalived (SIGTERM, as `service keepalived stop` does) and sees the VIP leave.
# Its command line and log file are kept so that the last check of this task restarts it.
main=$(keepalived_main)  # scripts/lib.sh
[ -n "$main" ] || fail_t fo-stop-not-running
has_addr "$VIP" || fail_t fo-stop-no-vip vip="$VIP"
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
  # Each address it left, wherever and with whatever prefix (addr_where, lib/net.sh).
  where=$(addr_where "$VIP")
  printf '%s\n' "$where" | while read -r dev prefix; do
    [ -z "$dev" ] || ip addr del "$VIP/$prefix" dev "$dev" 2>/dev/null || true
  done
  # Where it was, as dev/prefix (and dev2/prefix2, dev3/prefix3), for messages that say "VIP/24 on
  # eth0, ..." in their own words: one place (the keys below), two (ending -two) or three or more
  # (-three, naming the first three).
  set -- $(printf '%s\n' "$where" | awk 'NR <= 3 { print $1, $2 }')
  dev=${1:-} prefix=${2:-} dev2=${3:-} prefix2=${4:-} dev3=${5:-} prefix3=${6:-}
  form=''
  [ -z "$dev2" ] || form=-two
  [ -z "$dev3" ] || form=-three
  ! has_addr "$VIP" ||
    fail_t "fo-stop-vip-left-stuck$form" vip="$VIP" dev="$dev" prefix="$prefix" dev2="$dev2" prefix2="$prefix2" dev3="$dev3" prefix3="$prefix3"
  fail_t "fo-stop-vip-left$form" vip="$VIP" dev="$dev" prefix="$prefix" dev2="$dev2" prefix2="$prefix2" dev3="$dev3" prefix3="$prefix3"
fi
pass_t fo-stop-ok
