set -eu
# /root/answers/sleep-pid: a sleep the learner started, running at nice 10;
# /root/answers/sleep-ppid: its parent's PID (PPid: in /proc/PID/status);
# /root/answers/sleep-ns: the namespaces it does not share with PID 1 (always none: nothing
# in a lab may create one), compared with /proc/PID/ns/* against /proc/1/ns/*.
d=/root/answers
[ -s "$d/sleep-pid" ] || fail "there is no $d/sleep-pid yet: start a sleep in the background at nice 10 (nice -n 10 sleep 3600 &) and write its PID into it (\$! is the PID of the last background job)"
pid=$(head -n 1 "$d/sleep-pid" | tr -d ' \t\r')
case "$pid" in ''|*[!0-9]*) fail "$d/sleep-pid says '$pid': write a PID, a whole number" ;; esac
[ -d "/proc/$pid" ] ||
  fail "no process has PID $pid now: your sleep has ended (its time ran out, or the terminal it ran in was closed). Start it again: nice -n 10 sleep 3600 &, then echo \$! > $d/sleep-pid"
comm=$(cat "/proc/$pid/comm")
[ "$comm" = sleep ] || fail "PID $pid is $comm, not a sleep: ps -o pid,ni,comm -C sleep lists the sleeps"
main=$(ps -o pid= --ppid 1 --sort=start_time | head -n 1 | tr -d ' ')
[ "$pid" != "$main" ] && [ "$pid" != 1 ] ||
  fail "PID $pid is this host's own main process (the image's CMD, sleep infinity, started by tini at PID 1): if it ends, the container stops. Leave it alone and start a sleep of your own: nice -n 10 sleep 3600 &"
case "$(ps -o stat= -p "$pid")" in
  T*) fail "your sleep (PID $pid) is stopped (state T; Ctrl-Z does that): let it run in the background, bg (or kill -CONT $pid)" ;;
esac
ni=$(ps -o ni= -p "$pid" | tr -d ' ')
[ "$ni" = 10 ] || fail "your sleep (PID $pid) runs at nice $ni, not 10: start it with nice -n 10 (or renice -n 10 -p $pid)"

[ -s "$d/sleep-ppid" ] || fail "there is no $d/sleep-ppid yet: write the PID of the sleep's parent into it (the PPid: line of /proc/$pid/status)"
a=$(head -n 1 "$d/sleep-ppid" | tr -d ' \t\r')
ppid=$(awk '/^PPid:/ { print $2 }' "/proc/$pid/status")
[ "$a" = "$ppid" ] ||
  fail "$d/sleep-ppid says '$a', but the parent of PID $pid is $ppid ($(cat "/proc/$ppid/comm" 2>/dev/null || echo gone)): grep PPid /proc/$pid/status"

[ -s "$d/sleep-ns" ] || fail "there is no $d/sleep-ns yet: compare ls -l /proc/$pid/ns with ls -l /proc/1/ns and write the names of the namespaces they do not share, or none"
diff=''
for ns in /proc/1/ns/*; do
  t=$(basename "$ns")
  [ "$(readlink "$ns")" = "$(readlink "/proc/$pid/ns/$t" 2>/dev/null)" ] || diff="$diff $t"
done
said=$(tr ',;\n\t' '    ' < "$d/sleep-ns" | tr 'A-Z' 'a-z' | xargs -n 1 2>/dev/null | grep -vx none | sort -u | xargs)
want=$(printf '%s\n' $diff | sort -u | xargs)
[ "$said" = "$want" ] && pass "your sleep (PID $pid, nice 10, parent $ppid) shares ${want:+all but $want}${want:-every namespace} with PID 1"
if [ -z "$want" ]; then
  fail "$d/sleep-ns names '$said', but your sleep shares every namespace with PID 1: each link in /proc/$pid/ns points where /proc/1/ns points. A new process inherits its parent's namespaces; only unshare, clone and setns change that, and they need CAP_SYS_ADMIN. Write none"
fi
fail "$d/sleep-ns says '${said:-none}', but the namespaces your sleep does not share with PID 1 are: $want"
