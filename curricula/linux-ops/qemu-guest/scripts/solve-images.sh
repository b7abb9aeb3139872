set -eu
cd /root/vm
# The base: a 64 MiB ext4 file system made from a folder (no mount needed), then converted to qcow2.
mkdir -p site
echo 'served from base.qcow2' > site/index.html
mke2fs -q -t ext4 -d site base.raw 64M
qemu-img convert -f raw -O qcow2 base.raw base.qcow2
rm base.raw
# The overlay: web1's own disk, recording only what web1 changes on top of the base.
qemu-img create -f qcow2 -b base.qcow2 -F qcow2 web1.qcow2
qemu-img info --backing-chain web1.qcow2
