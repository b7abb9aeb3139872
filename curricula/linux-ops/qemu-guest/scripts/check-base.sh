set -eu
cd /root/vm 2>/dev/null || fail "/root/vm does not exist on vmhost"
[ -f base.qcow2 ] || fail "/root/vm/base.qcow2 does not exist"
# -U (--force-share): the image may be in use by a running guest, which holds a lock on it.
info=$(qemu-img info -U --output=json base.qcow2 2>&1) || fail "qemu-img info cannot read base.qcow2: $(printf %s "$info" | tail -n 1)"
fmt=$(json_get "$info" 'j["format"]')
[ "$fmt" = qcow2 ] || fail "base.qcow2 is in the $fmt format, not qcow2: convert it (qemu-img convert -f raw -O qcow2 base.raw base.qcow2); a name does not make a format"
size=$(json_get "$info" 'j["virtual-size"]')
[ "$size" = 67108864 ] || fail "base.qcow2's virtual size is $size bytes, not 64 MiB (67108864): make the file system 64M before converting it"
back=$(json_get "$info" 'j.get("backing-filename", "")')
[ -z "$back" ] || fail "base.qcow2 has a backing file ($back): the base is the bottom of the chain and stands alone"
set +e
page=$(disk_file base.qcow2 /index.html); rc=$?
set -e
[ "$rc" != 1 ] || fail "base.qcow2 holds no ext4 file system: make one with mke2fs -t ext4 -d site base.raw 64M, then convert it"
[ "$rc" = 0 ] || fail "base.qcow2's file system has no /index.html at its top: mke2fs -d DIR copies DIR's contents, so index.html must be directly in DIR"
case "$page" in
  *'served from base.qcow2'*) pass "base.qcow2: qcow2, 64 MiB, an ext4 file system whose /index.html says served from base.qcow2" ;;
esac
fail "base.qcow2's /index.html does not say 'served from base.qcow2' (it has: $(printf %s "$page" | head -c 60))"
