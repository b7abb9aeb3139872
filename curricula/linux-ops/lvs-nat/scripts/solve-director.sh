set -eu
ip addr replace "$VIP/$PUBLIC_PREFIX" dev eth0
sysctl -w net.ipv4.ip_forward=1
ip -br addr show dev eth0
