set -eu
log=/root/vm/console.log
pids=$(qemu_pids)
if [ -z "$pids" ]; then
  [ -f "$log" ] && grep -aq 'reboot: Power down' "$log" && fail_t guest-powered-off log="$log"
  fail_t no-qemu
fi
[ -f "$log" ] || fail_t no-console-log log="$log"
# A guest under TCG takes 5 to 25 s to boot here: wait for it, until a deadline well inside
# the check's 60 s.
end=$(($(date +%s) + 50))
while ! grep -aq 'GUEST READY' "$log"; do
  panic=$(grep -a -m 1 -A 1 'Kernel panic' "$log" | tr -s '\r\n' ' ' | head -c 200 || true)
  [ -z "$panic" ] || fail_t kernel-panic panic="$panic"
  if [ "$(date +%s)" -ge "$end" ] || [ -z "$(qemu_pids)" ]; then
    [ -s "$log" ] || fail_t console-empty log="$log"
    grep -aq 'Linux version' "$log" || fail_t never-booted log="$log" last="$(tail -n 1 "$log" | tr -d '\r' | head -c 100)"
    fail_t init-not-ready last="$(tail -n 1 "$log" | tr -d '\r' | head -c 100)"
  fi
  sleep 0.5
done
secs=$(awk '/GUEST READY/ { print t; exit } match($0, /^\[ *[0-9]+\.[0-9]+\]/) { t = substr($0, RSTART + 1, RLENGTH - 2); gsub(/ /, "", t) }' "$log")
[ -z "$secs" ] || pass_t console-ok-secs secs="${secs%.*}"
pass_t console-ok
