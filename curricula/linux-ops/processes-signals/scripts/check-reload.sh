set -eu
status=/run/statusd.status
conf=/etc/statusd.conf
[ -f "$conf" ] || fail_t conf-gone conf="$conf"
want=$(sed -n 's/^level=//p' "$conf" | tail -n 1)
get() { sed -n "s/^$1=//p" "$status" 2>/dev/null | tail -n 1; }
state=$(get state)

running=$(pgrep -x statusd | tr '\n' ' ' | sed 's/ $//')
if [ -z "$running" ]; then
  case "$state" in
    stopped) fail_t statusd-terminated ;;
    '') fail_t statusd-gone status="$status" ;;
    *) fail_t statusd-killed state="$state" ;;
  esac
fi
set -- $running
[ "$#" -eq 1 ] || fail_t statusd-many count="$#" pids="$running"
pid=$1
case "$(ps -o stat= -p "$pid")" in
  T*) fail_t statusd-stopped pid="$pid" ;;
esac
grep -q '^SigIgn:.*[13579bdf]$' "/proc/$pid/status" &&
  fail_t statusd-ignores-hup pid="$pid"
if [ "$state" != reloaded ] && [ "$(get level)" = "$want" ]; then
  fail_t statusd-restarted pid="$pid" want="$want" status="$status"
fi
if [ "$state" != reloaded ]; then
  [ -n "$state" ] || fail_t statusd-not-reloaded-no-state pid="$pid" level="$(get level)" conf="$conf" want="$want"
  fail_t statusd-not-reloaded pid="$pid" state="$state" level="$(get level)" conf="$conf" want="$want"
fi
spid=$(get pid)
[ "$spid" = "$pid" ] ||
  fail_t status-other-pid status="$status" spid="$spid" pid="$pid"
[ "$(get level)" = "$want" ] ||
  fail_t statusd-old-level pid="$pid" level="$(get level)" conf="$conf" want="$want"
pass_t reload-ok pid="$pid" want="$want" reloads="$(get reloads)"
