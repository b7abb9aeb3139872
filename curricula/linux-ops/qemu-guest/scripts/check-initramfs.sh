set -eu
f=/root/vm/initramfs.cpio.gz
[ -f "$f" ] || fail "$f does not exist on vmhost"
gzip -t "$f" 2>/dev/null || fail "$f is not gzip-compressed (or is cut short): pack it with ... | cpio -o -H newc | gzip > $f"
magic=$(zcat "$f" | head -c 6)
case "$magic" in
  070701|070702) ;;
  *) fail "$f holds no cpio archive in the newc format the kernel reads (it starts with '$(printf %s "$magic" | tr -cd '[:print:]')'): use cpio -o -H newc" ;;
esac
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# Unpacked the way the kernel does it: paths relative to /, never outside it.
(cd "$tmp" && zcat "$f" | cpio -idm --quiet --no-absolute-filenames 2>/dev/null) || fail "cpio cannot unpack $f"
if [ ! -e "$tmp/init" ]; then
  where=$(cd "$tmp" && find . -name init -type f | head -n 1)
  [ -n "$where" ] && fail "the archive has ${where#./} but no /init at its top: pack from inside the folder (cd /root/vm/initramfs && find . | cpio -o -H newc | gzip > $f)"
  fail "the archive has no /init: the kernel runs /init from the initramfs as its first process"
fi
[ -x "$tmp/init" ] || fail "/init in the archive is not executable: chmod +x initramfs/init before packing"
interp=$(head -n 1 "$tmp/init" | sed -n 's/^#![[:space:]]*\([^[:space:]]*\).*/\1/p')
[ -n "$interp" ] || fail "/init does not start with a #! line (for example #!/bin/busybox sh)"
[ -e "$tmp$interp" ] || [ -L "$tmp$interp" ] || fail "/init starts with #!$interp, but the archive has no $interp: the guest sees only what is in the archive"
[ -f "$tmp/bin/busybox" ] || fail "the archive has no /bin/busybox"
file -b "$tmp/bin/busybox" | grep -q 'statically linked' ||
  fail "/bin/busybox in the archive is linked dynamically, and the guest has no libraries: copy the static one from busybox-static (/bin/busybox)"
kver=$(guest_kver)
mods="$tmp/lib/modules/$kver"
if [ ! -f "$mods/modules.dep" ]; then
  other=$(ls "$tmp/lib/modules" 2>/dev/null | head -n 1)
  [ -n "$other" ] && fail "the archive has modules for kernel $other, but the guest kernel is $kver (file /boot/vmlinuz): copy /lib/modules/$kver"
  fail "the archive has no /lib/modules/$kver/modules.dep: copy /lib/modules/$kver (with its modules.dep) from vmhost"
fi
for m in virtio_pci virtio_net virtio_blk button evdev; do
  find "$mods" -name "$m.ko*" | grep -q . || fail "the archive has no $m module in /lib/modules/$kver: the guest kernel has no driver for its $m device without it"
done
pass "initramfs.cpio.gz: a newc cpio archive with an executable /init, static busybox and the $kver modules"
