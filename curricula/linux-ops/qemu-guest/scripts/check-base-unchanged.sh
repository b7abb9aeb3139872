set -eu
cd /root/vm 2>/dev/null || fail "/root/vm does not exist on vmhost"
[ -f base.qcow2 ] && [ -f web1.qcow2 ] || fail "/root/vm/base.qcow2 and /root/vm/web1.qcow2 must both exist"
set +e
disk_file web1.qcow2 /boot.log >/dev/null; over=$?
disk_file base.qcow2 /boot.log >/dev/null; base=$?
set -e
[ "$base" = 2 ] || {
  [ "$base" = 1 ] && fail "base.qcow2 holds no ext4 file system any more"
  fail "base.qcow2 has the guest's /boot.log: a guest wrote into the base (booted with -drive file=base.qcow2?). Every overlay on it now sees that change; rebuild the base (task 1)"
}
[ "$over" = 0 ] || fail "web1.qcow2 has no /boot.log: has the guest booted from it and written its log?"
used=$(qemu-img info -U --output=json web1.qcow2 | python3 -c 'import json, sys; print(json.load(sys.stdin)["actual-size"] // 1024)')
pass "the guest's writes are in web1.qcow2 ($used KiB on disk), and base.qcow2 is as it was"
