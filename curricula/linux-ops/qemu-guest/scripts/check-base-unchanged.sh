set -eu
cd /root/vm 2>/dev/null || fail_t no-vm-dir
[ -f base.qcow2 ] && [ -f web1.qcow2 ] || fail_t need-both-images
set +e
disk_file web1.qcow2 /boot.log >/dev/null; over=$?
disk_file base.qcow2 /boot.log >/dev/null; base=$?
set -e
[ "$base" = 2 ] || {
  [ "$base" = 1 ] && fail_t base-no-ext4-any-more
  fail_t base-written
}
[ "$over" = 0 ] || fail_t overlay-no-boot-log
used=$(qemu-img info -U --output=json web1.qcow2 | python3 -c 'import json, sys; print(json.load(sys.stdin)["actual-size"] // 1024)')
pass_t base-unchanged-ok used="$used"
