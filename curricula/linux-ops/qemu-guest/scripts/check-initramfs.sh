set -eu
f=/root/vm/initramfs.cpio.gz
[ -f "$f" ] || fail_t initramfs-missing file="$f"
gzip -t "$f" 2>/dev/null || fail_t initramfs-not-gzip file="$f"
magic=$(zcat "$f" | head -c 6)
case "$magic" in
  070701|070702) ;;
  *) fail_t initramfs-not-newc file="$f" magic="$(printf %s "$magic" | tr -cd '[:print:]')" ;;
esac
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# Unpacked the way the kernel does it: paths relative to /, never outside it.
(cd "$tmp" && zcat "$f" | cpio -idm --quiet --no-absolute-filenames 2>/dev/null) || fail_t initramfs-unpack-fails file="$f"
if [ ! -e "$tmp/init" ]; then
  where=$(cd "$tmp" && find . -name init -type f | head -n 1)
  [ -n "$where" ] && fail_t init-not-at-top where="${where#./}" file="$f"
  fail_t no-init
fi
[ -x "$tmp/init" ] || fail_t init-not-executable
interp=$(head -n 1 "$tmp/init" | sed -n 's/^#![[:space:]]*\([^[:space:]]*\).*/\1/p')
[ -n "$interp" ] || fail_t init-no-shebang
[ -e "$tmp$interp" ] || [ -L "$tmp$interp" ] || fail_t init-interpreter-missing interp="$interp"
[ -f "$tmp/bin/busybox" ] || fail_t no-busybox
file -b "$tmp/bin/busybox" | grep -q 'statically linked' ||
  fail_t busybox-dynamic
kver=$(guest_kver)
mods="$tmp/lib/modules/$kver"
if [ ! -f "$mods/modules.dep" ]; then
  other=$(ls "$tmp/lib/modules" 2>/dev/null | head -n 1)
  [ -n "$other" ] && fail_t modules-wrong-kernel other="$other" kver="$kver"
  fail_t no-modules kver="$kver"
fi
for m in virtio_pci virtio_net virtio_blk button evdev; do
  find "$mods" -name "$m.ko*" | grep -q . || fail_t module-missing module="$m" kver="$kver"
done
# The power button (task 4): busybox acpid runs /etc/acpi/PWRF/00000080 when it is pressed:
# the file itself, or, when it is a folder, every executable file in it (with run-parts).
pwr=etc/acpi/PWRF/00000080
if [ -d "$tmp/$pwr" ]; then
  pwrs=$(find "$tmp/$pwr" -maxdepth 1 -type f -perm -u+x | grep -E '/[A-Za-z0-9_-]+$' | sort || true)
  [ -n "$pwrs" ] || fail_t power-folder-empty pwr="$pwr"
elif [ -e "$tmp/$pwr" ]; then
  [ -f "$tmp/$pwr" ] && [ -x "$tmp/$pwr" ] || fail_t power-not-executable pwr="$pwr"
  pwrs=$tmp/$pwr
else
  where=$(cd "$tmp" && find . -path ./lib -prune -o \( -path '*acpi*' -o -name 00000080 \) -type f -print | head -n 1)
  [ -n "$where" ] && fail_t power-misplaced where="${where#./}" pwr="$pwr"
  fail_t no-power-script pwr="$pwr"
fi
# In the guest, /init's busybox --install -s /bin makes /bin/sh and every other applet.
applet() { case "$1" in /bin/?*) /bin/busybox --list | grep -qx "${1#/bin/}" ;; *) false ;; esac; }
for s in $pwrs; do
  name=/${s#"$tmp/"}
  interp=$(head -n 1 "$s" | sed -n 's/^#![[:space:]]*\([^[:space:]]*\).*/\1/p')
  [ -n "$interp" ] || fail_t power-no-shebang name="$name"
  [ -e "$tmp$interp" ] || [ -L "$tmp$interp" ] || applet "$interp" ||
    fail_t power-interpreter-missing name="$name" interp="$interp"
  err=$(/bin/busybox sh -n "$s" 2>&1) || fail_t power-syntax name="$name" error="$(printf %s "$err" | head -n 1)"
done
# shellcheck disable=SC2086
grep -q 'poweroff' $pwrs || fail_t power-no-poweroff pwr="$pwr"
# shellcheck disable=SC2086
grep -q 'clean shutdown' $pwrs || fail_t power-no-log-line pwr="$pwr"
pass_t initramfs-ok kver="$kver"
