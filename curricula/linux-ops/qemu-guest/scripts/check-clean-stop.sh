set -eu
cd /root/vm 2>/dev/null || fail_t no-vm-dir
[ -f web1.qcow2 ] || fail_t no-web1-image
set +e
log=$(disk_file web1.qcow2 /boot.log); rc=$?
set -e
[ "$rc" != 1 ] || fail_t web1-no-ext4
[ "$rc" = 0 ] || fail_t web1-no-boot-log
case "$log" in
  *'clean shutdown'*) ;;
  *) fail_t no-clean-shutdown ;;
esac
[ -n "$(qemu_pids)" ] || fail_t not-restarted
pass_t clean-stop-ok
