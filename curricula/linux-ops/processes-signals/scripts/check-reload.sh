set -eu
status=/run/statusd.status
conf=/etc/statusd.conf
[ -f "$conf" ] || fail "$conf is gone: statusd needs it (reset the lab to get it back)"
want=$(sed -n 's/^level=//p' "$conf" | tail -n 1)
get() { sed -n "s/^$1=//p" "$status" 2>/dev/null | tail -n 1; }
state=$(get state)

running=$(pgrep -x statusd | tr '\n' ' ' | sed 's/ $//')
if [ -z "$running" ]; then
  case "$state" in
    stopped) fail "statusd is not running: its status file says state=stopped, which it writes when SIGTERM (or SIGINT) ends it. Reload is SIGHUP, not TERM. Start it again (setsid -f statusd) and send it SIGHUP" ;;
    '') fail "statusd is not running and $status is gone: start it (setsid -f statusd) and send it SIGHUP" ;;
    *) fail "statusd is not running, and its status file still says state=$state: it was ended without a chance to clean up (SIGKILL?). Start it again (setsid -f statusd) and send it SIGHUP" ;;
  esac
fi
set -- $running
[ "$#" -eq 1 ] || fail "$# statusd processes are running (PIDs $running): there should be one; stop the extra ones"
pid=$1
case "$(ps -o stat= -p "$pid")" in
  T*) fail "statusd (PID $pid) is stopped (state T): it cannot handle any signal until it continues (kill -CONT $pid)" ;;
esac
grep -q '^SigIgn:.*[13579bdf]$' "/proc/$pid/status" &&
  fail "statusd (PID $pid) ignores SIGHUP, so it can never reload: it was started under nohup, which sets SIGHUP to ignored, and a shell script cannot trap an ignored signal. Stop it (kill $pid) and start it with setsid -f statusd"
if [ "$state" != reloaded ] && [ "$(get level)" = "$want" ]; then
  fail "statusd (PID $pid) was started after the change, so it already runs with level=$want, but the task is a reload of the running daemon: send it SIGHUP (kill -HUP $pid) and read $status again"
fi
[ "$state" = reloaded ] ||
  fail "statusd (PID $pid) is running but has not reloaded: its status says state=${state:-nothing}, level=$(get level), while $conf says level=$want. Send it SIGHUP: kill -HUP $pid"
spid=$(get pid)
[ "$spid" = "$pid" ] ||
  fail "$status was written by PID $spid, but the statusd running now is PID $pid: send SIGHUP to the running one (kill -HUP $pid)"
[ "$(get level)" = "$want" ] ||
  fail "statusd (PID $pid) reports level=$(get level), but $conf says level=$want: it reads the file only at start and on SIGHUP, so send SIGHUP again after editing"
pass "statusd (PID $pid) reloaded its configuration without restarting: level=$want, $(get reloads) reload(s)"
