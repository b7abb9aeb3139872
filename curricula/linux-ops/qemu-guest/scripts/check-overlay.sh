set -eu
cd /root/vm 2>/dev/null || fail_t no-vm-dir
[ -f web1.qcow2 ] || fail_t no-web1-image
info=$(qemu-img info -U --output=json web1.qcow2 2>&1) || fail_t overlay-info-fails said="$(printf %s "$info" | tail -n 1)"
fmt=$(json_get "$info" 'j["format"]')
[ "$fmt" = qcow2 ] || fail_t overlay-not-qcow2 fmt="$fmt"
back=$(json_get "$info" 'j.get("full-backing-filename", "")')
[ -n "$back" ] || fail_t overlay-no-backing
[ "$(realpath -m "$back")" = /root/vm/base.qcow2 ] || fail_t overlay-wrong-backing back="$back"
bfmt=$(json_get "$info" 'j.get("backing-filename-format", "")')
[ -n "$bfmt" ] || fail_t overlay-no-backing-format
[ "$bfmt" = qcow2 ] || fail_t overlay-wrong-backing-format bfmt="$bfmt"
size=$(json_get "$info" 'j["virtual-size"]')
[ "$size" = 67108864 ] || fail_t overlay-wrong-size size="$size"
pass_t overlay-ok
