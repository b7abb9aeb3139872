set -eu
sysctl -w net.ipv4.ip_forward=1
# To keep it after a reboot on a real router:
#   echo 'net.ipv4.ip_forward = 1' > /etc/sysctl.d/90-router.conf
