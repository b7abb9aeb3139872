set -eu
cd /root/vm
qemu-system-x86_64 -name web1 -m 96 -smp 1 -accel tcg,tb-size=32 \
  -kernel /boot/vmlinuz -initrd /root/vm/initramfs.cpio.gz -append 'console=ttyS0' \
  -drive file=/root/vm/web1.qcow2,if=virtio,format=qcow2 \
  -nic user,model=virtio-net-pci,hostfwd=tcp::8080-:80 \
  -display none -serial file:/root/vm/console.log \
  -qmp unix:/root/vm/qmp.sock,server=on,wait=off \
  -daemonize -pidfile /root/vm/web1.pid
# Wait for the guest, at most 90 s.
for i in $(seq 1 180); do
  grep -aq 'GUEST READY' console.log && break
  sleep 0.5
done
grep -a 'GUEST READY' console.log
echo '{"execute":"qmp_capabilities"} {"execute":"query-status"}' | socat -t 2 - UNIX-CONNECT:/root/vm/qmp.sock
