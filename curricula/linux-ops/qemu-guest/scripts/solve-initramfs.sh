set -eu
cd /root/vm
KVER=$(file -b /boot/vmlinuz | sed 's/.*version \([^ ]*\).*/\1/')
mkdir -p initramfs/bin initramfs/dev initramfs/proc initramfs/sys initramfs/srv \
  initramfs/etc/acpi/PWRF initramfs/lib/modules
cp /bin/busybox initramfs/bin/
cp -a "/lib/modules/$KVER" initramfs/lib/modules/

cat > initramfs/init <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /var/log /var/run
for m in virtio_pci virtio_net virtio_blk button evdev; do modprobe $m; done
ip link set lo up
ip link set eth0 up
ip addr add 10.0.2.15/24 dev eth0
ip route add default via 10.0.2.2
mount -t ext4 /dev/vda /srv
echo "boot $(date)" >> /srv/boot.log
acpid
httpd -p 80 -h /srv
echo "GUEST READY"
while true; do sleep 3600; done
INIT

cat > initramfs/etc/acpi/PWRF/00000080 <<'PWR'
#!/bin/sh
echo "power button: shutting down" > /dev/console
killall httpd
echo "clean shutdown $(date)" >> /srv/boot.log
umount /srv
poweroff -f
PWR

chmod +x initramfs/init initramfs/etc/acpi/PWRF/00000080
(cd initramfs && find . | cpio -o -H newc | gzip) > initramfs.cpio.gz
zcat initramfs.cpio.gz | cpio -t | head
