set -eu
cd /root/vm
# Press the power button (virsh shutdown does the same); the guest's acpid shuts it down.
echo '{"execute":"qmp_capabilities"} {"execute":"system_powerdown"}' | socat -t 2 - UNIX-CONNECT:/root/vm/qmp.sock
# QEMU exits when the guest powers off, and removes its pidfile: wait for that, at most 60 s.
for i in $(seq 1 120); do
  [ -e web1.pid ] || break
  sleep 0.5
done
tail -n 3 console.log
# Start it again, with the same command as before.
qemu-system-x86_64 -name web1 -m 96 -smp 1 -accel tcg,tb-size=32 \
  -kernel /boot/vmlinuz -initrd /root/vm/initramfs.cpio.gz -append 'console=ttyS0' \
  -drive file=/root/vm/web1.qcow2,if=virtio,format=qcow2 \
  -nic user,model=virtio-net-pci,hostfwd=tcp::8080-:80 \
  -display none -serial file:/root/vm/console.log \
  -qmp unix:/root/vm/qmp.sock,server=on,wait=off \
  -daemonize -pidfile /root/vm/web1.pid
for i in $(seq 1 180); do
  grep -aq 'GUEST READY' console.log && break
  sleep 0.5
done
grep -a 'GUEST READY' console.log
