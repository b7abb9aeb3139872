set -eu
want=15
running=$(pgrep -x reindex | tr '\n' ' ' | sed 's/ $//')
[ -n "$running" ] ||
  fail "reindex is not running: it had to keep running, only at a lower priority (renice changes a running process). Start it again with nice -n $want setsid -f reindex"
for pid in $running; do
  ni=$(ps -o ni= -p "$pid" | tr -d ' ')
  [ "$ni" = "$want" ] && continue
  if [ "$ni" -lt "$want" ]; then
    fail "reindex (PID $pid) runs at nice $ni; it should be $want: renice -n $want -p $pid"
  fi
  fail "reindex (PID $pid) runs at nice $ni, lower priority than asked ($want). Lowering a nice value needs CAP_SYS_NICE, which root in this lab lacks: kill $pid and start it again with nice -n $want setsid -f reindex"
done
case "$(ps -o stat= -p "${running%% *}")" in
  T*) fail "reindex (PID ${running%% *}) has nice $want but is stopped (state T): let it continue (kill -CONT ${running%% *})" ;;
esac
pass "reindex (PID $running) keeps running at nice $want"
