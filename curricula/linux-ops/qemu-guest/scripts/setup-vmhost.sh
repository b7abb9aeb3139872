set -eu
# The lab's VM host: QEMU, qemu-img, busybox-static and the guest kernel come with the image.
mkdir -p /root/vm
