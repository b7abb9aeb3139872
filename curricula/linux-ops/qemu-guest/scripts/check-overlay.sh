set -eu
cd /root/vm 2>/dev/null || fail "/root/vm does not exist on vmhost"
[ -f web1.qcow2 ] || fail "/root/vm/web1.qcow2 does not exist"
info=$(qemu-img info -U --output=json web1.qcow2 2>&1) || fail "qemu-img info cannot read web1.qcow2: $(printf %s "$info" | tail -n 1)"
fmt=$(json_get "$info" 'j["format"]')
[ "$fmt" = qcow2 ] || fail "web1.qcow2 is in the $fmt format: an overlay needs qcow2 (qemu-img create -f qcow2 -b base.qcow2 -F qcow2 web1.qcow2)"
back=$(json_get "$info" 'j.get("full-backing-filename", "")')
[ -n "$back" ] || fail "web1.qcow2 has no backing file: it is a disk of its own, not an overlay on base.qcow2 (qemu-img create -f qcow2 -b base.qcow2 -F qcow2 web1.qcow2)"
[ "$(realpath -m "$back")" = /root/vm/base.qcow2 ] || fail "web1.qcow2's backing file is $back, not /root/vm/base.qcow2"
bfmt=$(json_get "$info" 'j.get("backing-filename-format", "")')
[ -n "$bfmt" ] || fail "web1.qcow2 does not record its backing file's format: give it with -F qcow2 (or qemu-img rebase -u -b base.qcow2 -F qcow2 web1.qcow2)"
[ "$bfmt" = qcow2 ] || fail "web1.qcow2 says its backing file is $bfmt, but base.qcow2 is qcow2: the guest would see the qcow2 file's own bytes as its disk. Make it again with -F qcow2 (or qemu-img rebase -u -b base.qcow2 -F qcow2 web1.qcow2)"
size=$(json_get "$info" 'j["virtual-size"]')
[ "$size" = 67108864 ] || fail "web1.qcow2's virtual size is $size bytes; leave the size out and it takes the base's 64 MiB"
pass "web1.qcow2 is a qcow2 overlay on base.qcow2 (qcow2), 64 MiB"
