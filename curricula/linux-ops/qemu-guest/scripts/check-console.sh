set -eu
log=/root/vm/console.log
pids=$(qemu_pids)
if [ -z "$pids" ]; then
  [ -f "$log" ] && grep -aq 'reboot: Power down' "$log" && fail "no QEMU runs on vmhost: the guest in $log powered off; start it again"
  fail "no QEMU runs on vmhost: start the guest (qemu-system-x86_64 ... -daemonize)"
fi
[ -f "$log" ] || fail "QEMU runs, but there is no $log: send the guest's serial console there (-serial file:$log, with -append console=ttyS0)"
# A guest under TCG takes 5 to 25 s to boot here: wait for it, until a deadline well inside
# the check's 60 s.
end=$(($(date +%s) + 50))
while ! grep -aq 'GUEST READY' "$log"; do
  panic=$(grep -a -m 1 -A 1 'Kernel panic' "$log" | tr -s '\r\n' ' ' | head -c 200 || true)
  [ -z "$panic" ] || fail "the guest kernel panicked: $panic"
  if [ "$(date +%s)" -ge "$end" ] || [ -z "$(qemu_pids)" ]; then
    [ -s "$log" ] || fail "QEMU runs, but $log stays empty: is the kernel told to write there (-append console=ttyS0)?"
    grep -aq 'Linux version' "$log" || fail "$log has no kernel messages: the guest never booted (last line: $(tail -n 1 "$log" | tr -d '\r' | head -c 100))"
    fail "the guest kernel booted, but /init never printed GUEST READY (last line: $(tail -n 1 "$log" | tr -d '\r' | head -c 100))"
  fi
  sleep 0.5
done
secs=$(awk '/GUEST READY/ { print t; exit } match($0, /^\[ *[0-9]+\.[0-9]+\]/) { t = substr($0, RSTART + 1, RLENGTH - 2); gsub(/ /, "", t) }' "$log")
pass "the guest booted and printed GUEST READY on its serial console${secs:+ (about ${secs%.*} s after the kernel started)}"
