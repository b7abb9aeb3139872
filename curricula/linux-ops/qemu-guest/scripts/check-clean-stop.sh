set -eu
cd /root/vm 2>/dev/null || fail "/root/vm does not exist on vmhost"
[ -f web1.qcow2 ] || fail "/root/vm/web1.qcow2 does not exist"
set +e
log=$(disk_file web1.qcow2 /boot.log); rc=$?
set -e
[ "$rc" != 1 ] || fail "web1.qcow2 holds no ext4 file system (through base.qcow2)"
[ "$rc" = 0 ] || fail "web1's disk has no /boot.log: the guest's /init appends a line to /srv/boot.log at each boot, and the power-button script one at each clean shutdown. Either no guest booted from web1.qcow2, or it was stopped from outside (quit, kill) before its file system wrote the line out"
case "$log" in
  *'clean shutdown'*) ;;
  *) fail "web1's /boot.log records boots but no clean shutdown: the guest was stopped from outside (quit, kill: pulling the plug) or never stopped. Press its power button: system_powerdown on the monitor" ;;
esac
[ -n "$(qemu_pids)" ] || fail "web1's disk records a clean shutdown, but no QEMU runs now: start web1 again with the same command"
pass "web1's disk records a clean shutdown by its power button, and web1 runs again"
