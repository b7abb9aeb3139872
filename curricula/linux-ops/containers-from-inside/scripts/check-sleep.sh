set -eu
# /root/answers/sleep-pid: a sleep the learner started, running at nice 10;
# /root/answers/sleep-ppid: its parent's PID (PPid: in /proc/PID/status);
# /root/answers/sleep-ns: the namespaces it does not share with PID 1 (always none: nothing
# in a lab may create one), compared with /proc/PID/ns/* against /proc/1/ns/*.
d=/root/answers
[ -s "$d/sleep-pid" ] || fail_t sleep-no-pid dir="$d"
pid=$(head -n 1 "$d/sleep-pid" | tr -d ' \t\r')
case "$pid" in ''|*[!0-9]*) fail_t sleep-pid-not-number dir="$d" pid="$pid" ;; esac
[ -d "/proc/$pid" ] ||
  fail_t sleep-gone pid="$pid" dir="$d"
comm=$(cat "/proc/$pid/comm")
[ "$comm" = sleep ] || fail_t sleep-not-sleep pid="$pid" comm="$comm"
main=$(ps -o pid= --ppid 1 --sort=start_time | head -n 1 | tr -d ' ')
[ "$pid" != "$main" ] && [ "$pid" != 1 ] ||
  fail_t sleep-is-main pid="$pid"
case "$(ps -o stat= -p "$pid")" in
  T*) fail_t sleep-stopped pid="$pid" ;;
esac
ni=$(ps -o ni= -p "$pid" | tr -d ' ')
[ "$ni" = 10 ] || fail_t sleep-wrong-nice pid="$pid" ni="$ni"

[ -s "$d/sleep-ppid" ] || fail_t sleep-no-ppid dir="$d" pid="$pid"
a=$(head -n 1 "$d/sleep-ppid" | tr -d ' \t\r')
ppid=$(awk '/^PPid:/ { print $2 }' "/proc/$pid/status")
[ "$a" = "$ppid" ] ||
  fail_t sleep-ppid-wrong dir="$d" answer="$a" pid="$pid" ppid="$ppid" comm="$(cat "/proc/$ppid/comm" 2>/dev/null || echo gone)"

[ -s "$d/sleep-ns" ] || fail_t sleep-no-ns dir="$d" pid="$pid"
diff=''
for ns in /proc/1/ns/*; do
  t=$(basename "$ns")
  [ "$(readlink "$ns")" = "$(readlink "/proc/$pid/ns/$t" 2>/dev/null)" ] || diff="$diff $t"
done
said=$(tr ',;\n\t' '    ' < "$d/sleep-ns" | tr 'A-Z' 'a-z' | xargs -n 1 2>/dev/null | grep -vx none | sort -u | xargs)
want=$(printf '%s\n' $diff | sort -u | xargs)
if [ "$said" = "$want" ]; then
  [ -n "$want" ] || pass_t sleep-ok-shares-all pid="$pid" ppid="$ppid"
  pass_t sleep-ok-shares-but pid="$pid" ppid="$ppid" want="$want"
fi
if [ -z "$want" ]; then
  fail_t sleep-ns-shares-all dir="$d" said="$said" pid="$pid"
fi
[ -n "$said" ] || fail_t sleep-ns-says-none dir="$d" want="$want"
fail_t sleep-ns-wrong dir="$d" said="$said" want="$want"
