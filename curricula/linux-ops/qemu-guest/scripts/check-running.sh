set -eu
pidfile=/root/vm/web1.pid
[ -n "$(qemu_pids)" ] || fail "no QEMU runs on vmhost: start the guest (qemu-system-x86_64 ... -daemonize)"
[ -f "$pidfile" ] || fail "QEMU runs, but there is no $pidfile: start it with -pidfile $pidfile"
pid=$(cat "$pidfile")
[ -d "/proc/$pid" ] || fail "$pidfile says $pid, but no such process runs: stale pidfile"
case "$(cat "/proc/$pid/comm")" in qemu-system-*) ;; *) fail "$pidfile names process $pid, which is $(cat "/proc/$pid/comm"), not QEMU" ;; esac
[ "$(tr '\0' ' ' < "/proc/$pid/cmdline" | grep -c -- '-daemonize')" -gt 0 ] || [ "$(awk '{ print $4 }' "/proc/$pid/stat")" = 1 ] ||
  fail "QEMU runs attached to a terminal: start it with -daemonize, so that it keeps running when the shell is gone"
out=$(qmp_ask '{"execute":"query-status"}' '{"execute":"query-name"}' '{"execute":"query-kvm"}' \
  '{"execute":"query-memory-size-summary"}' '{"execute":"query-cpus-fast"}' '{"execute":"query-block"}') ||
  fail "nothing answers QMP on /root/vm/qmp.sock: add -qmp unix:/root/vm/qmp.sock,server=on,wait=off"
status=$(json_get "$(qmp_return "$out" 1)" 'j["status"]')
case "$status" in
  running) ;;
  prelaunch|paused) fail "QMP says the guest is $status: it was started with -S or stopped; resume it with the cont command" ;;
  *) fail "QMP says the guest is '${status:-unknown}', not running" ;;
esac
name=$(json_get "$(qmp_return "$out" 2)" 'j.get("name", "")')
[ "$name" = web1 ] || fail "the guest's name is '${name:-none}', not web1: -name web1"
mem=$(json_get "$(qmp_return "$out" 4)" 'j["base-memory"]')
[ -n "$mem" ] && [ "$mem" -le 100663296 ] || fail "the guest has $((${mem:-0} / 1048576)) MiB of memory; vmhost has 256 MiB in all, so give it 96 MiB at most (-m 96)"
cpus=$(json_get "$(qmp_return "$out" 5)" 'len(j)')
[ "$cpus" = 1 ] || fail "the guest has $cpus vCPUs: under TCG on half a CPU more vCPUs only compete, use -smp 1"
kvm=$(json_get "$(qmp_return "$out" 3)" 'j["enabled"]')
disk=$(json_get "$(qmp_return "$out" 6)" '[d["inserted"]["file"] for d in j if "inserted" in d]')
case "$disk" in
  *web1.qcow2*) ;;
  *base.qcow2*) fail "the guest's disk is base.qcow2 itself: it would write into the base every guest shares; give it -drive file=/root/vm/web1.qcow2,if=virtio,format=qcow2" ;;
  *) fail "the guest has no web1.qcow2 disk (it has: $disk): -drive file=/root/vm/web1.qcow2,if=virtio,format=qcow2" ;;
esac
back=$(json_get "$(qmp_return "$out" 6)" '[d["inserted"].get("backing_file", "") for d in j if "inserted" in d and d["inserted"]["file"].endswith("web1.qcow2")][0]')
[ -n "$back" ] || fail "QEMU opened web1.qcow2 without its backing file: was it started with format=raw?"
pass "QEMU runs web1 (pid $pid, $((mem / 1048576)) MiB, 1 vCPU, KVM $([ "$kvm" = True ] && echo on || echo 'off: TCG')) on web1.qcow2 over $(basename "$back"); QMP answers"
