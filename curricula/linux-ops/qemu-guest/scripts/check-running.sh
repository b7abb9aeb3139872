set -eu
pidfile=/root/vm/web1.pid
[ -n "$(qemu_pids)" ] || fail_t no-qemu
[ -f "$pidfile" ] || fail_t no-pidfile pidfile="$pidfile"
pid=$(cat "$pidfile")
[ -d "/proc/$pid" ] || fail_t stale-pidfile pidfile="$pidfile" pid="$pid"
case "$(cat "/proc/$pid/comm")" in qemu-system-*) ;; *) fail_t pidfile-not-qemu pidfile="$pidfile" pid="$pid" comm="$(cat "/proc/$pid/comm")" ;; esac
[ "$(tr '\0' ' ' < "/proc/$pid/cmdline" | grep -c -- '-daemonize')" -gt 0 ] || [ "$(awk '{ print $4 }' "/proc/$pid/stat")" = 1 ] ||
  fail_t not-daemonized
out=$(qmp_ask '{"execute":"query-status"}' '{"execute":"query-name"}' '{"execute":"query-kvm"}' \
  '{"execute":"query-memory-size-summary"}' '{"execute":"query-cpus-fast"}' '{"execute":"query-block"}') ||
  fail_t no-qmp
status=$(json_get "$(qmp_return "$out" 1)" 'j["status"]')
case "$status" in
  running) ;;
  prelaunch|paused) fail_t guest-paused status="$status" ;;
  '') fail_t guest-status-unknown ;;
  *) fail_t guest-not-running status="$status" ;;
esac
name=$(json_get "$(qmp_return "$out" 2)" 'j.get("name", "")')
[ "$name" = web1 ] || {
  [ -n "$name" ] || fail_t no-name
  fail_t wrong-name name="$name"
}
mem=$(json_get "$(qmp_return "$out" 4)" 'j["base-memory"]')
[ -n "$mem" ] && [ "$mem" -le 100663296 ] || fail_t too-much-memory mib="$((${mem:-0} / 1048576))"
cpus=$(json_get "$(qmp_return "$out" 5)" 'len(j)')
[ "$cpus" = 1 ] || fail_t too-many-cpus cpus="$cpus"
kvm=$(json_get "$(qmp_return "$out" 3)" 'j["enabled"]')
disk=$(json_get "$(qmp_return "$out" 6)" '[d["inserted"]["file"] for d in j if "inserted" in d]')
case "$disk" in
  *web1.qcow2*) ;;
  *base.qcow2*) fail_t disk-is-base ;;
  *) fail_t no-web1-disk disk="$disk" ;;
esac
back=$(json_get "$(qmp_return "$out" 6)" '[d["inserted"].get("backing_file", "") for d in j if "inserted" in d and d["inserted"]["file"].endswith("web1.qcow2")][0]')
[ -n "$back" ] || fail_t opened-without-backing
[ "$kvm" != True ] || pass_t running-ok-kvm pid="$pid" mib="$((mem / 1048576))" back="$(basename "$back")"
pass_t running-ok-tcg pid="$pid" mib="$((mem / 1048576))" back="$(basename "$back")"
