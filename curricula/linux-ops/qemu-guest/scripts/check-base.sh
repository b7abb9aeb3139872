set -eu
cd /root/vm 2>/dev/null || fail_t no-vm-dir
[ -f base.qcow2 ] || fail_t no-base
# -U (--force-share): the image may be in use by a running guest, which holds a lock on it.
info=$(qemu-img info -U --output=json base.qcow2 2>&1) || fail_t base-info-fails said="$(printf %s "$info" | tail -n 1)"
fmt=$(json_get "$info" 'j["format"]')
[ "$fmt" = qcow2 ] || fail_t base-not-qcow2 fmt="$fmt"
size=$(json_get "$info" 'j["virtual-size"]')
[ "$size" = 67108864 ] || fail_t base-wrong-size size="$size"
back=$(json_get "$info" 'j.get("backing-filename", "")')
[ -z "$back" ] || fail_t base-has-backing back="$back"
set +e
page=$(disk_file base.qcow2 /index.html); rc=$?
set -e
[ "$rc" != 1 ] || fail_t base-no-ext4
[ "$rc" = 0 ] || fail_t base-no-index
case "$page" in
  *'served from base.qcow2'*) pass_t base-ok ;;
esac
fail_t base-wrong-page page="$(printf %s "$page" | head -c 60)"
