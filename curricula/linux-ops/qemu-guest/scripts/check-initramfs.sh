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
# The power button (task 4): busybox acpid runs /etc/acpi/PWRF/00000080 when it is pressed:
# the file itself, or, when it is a folder, every executable file in it (with run-parts).
pwr=etc/acpi/PWRF/00000080
if [ -d "$tmp/$pwr" ]; then
  pwrs=$(find "$tmp/$pwr" -maxdepth 1 -type f -perm -u+x | grep -E '/[A-Za-z0-9_-]+$' | sort || true)
  [ -n "$pwrs" ] || fail "/$pwr in the archive is a folder with no executable script in it (run-parts runs only executable files named with letters, digits, - and _): acpid would do nothing when the power button is pressed"
elif [ -e "$tmp/$pwr" ]; then
  [ -f "$tmp/$pwr" ] && [ -x "$tmp/$pwr" ] || fail "/$pwr in the archive is not executable: chmod +x initramfs/$pwr before packing, or acpid cannot run it when the power button is pressed"
  pwrs=$tmp/$pwr
else
  where=$(cd "$tmp" && find . -path ./lib -prune -o \( -path '*acpi*' -o -name 00000080 \) -type f -print | head -n 1)
  [ -n "$where" ] && fail "the archive has ${where#./} but no /$pwr: busybox acpid runs /etc/acpi/PWRF/00000080 when the power button is pressed"
  fail "the archive has no /$pwr, the power-button script: without it the guest's acpid ignores the button, and task 4 cannot stop web1 cleanly"
fi
# In the guest, /init's busybox --install -s /bin makes /bin/sh and every other applet.
applet() { case "$1" in /bin/?*) /bin/busybox --list | grep -qx "${1#/bin/}" ;; *) false ;; esac; }
for s in $pwrs; do
  name=/${s#"$tmp/"}
  interp=$(head -n 1 "$s" | sed -n 's/^#![[:space:]]*\([^[:space:]]*\).*/\1/p')
  [ -n "$interp" ] || fail "$name does not start with a #! line (#!/bin/sh): acpid runs it as a program"
  [ -e "$tmp$interp" ] || [ -L "$tmp$interp" ] || applet "$interp" ||
    fail "$name starts with #!$interp, which the guest does not have: busybox --install -s /bin gives it /bin/sh"
  err=$(/bin/busybox sh -n "$s" 2>&1) || fail "$name is not a valid shell script: $(printf %s "$err" | head -n 1)"
done
# shellcheck disable=SC2086
grep -q 'poweroff' $pwrs || fail "/$pwr never runs poweroff: the guest would not switch itself off when its power button is pressed"
# shellcheck disable=SC2086
grep -q 'clean shutdown' $pwrs || fail "/$pwr does not append the line 'clean shutdown ...' to /srv/boot.log, which task 4 reads as the proof of a clean stop"
pass "initramfs.cpio.gz: a newc cpio archive with an executable /init, static busybox, the $kver modules and the power-button script"
