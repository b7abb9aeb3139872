set -eu
# The sysctls first, so the VIP is never announced.
sysctl -w net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2
sysctl -w net.ipv4.conf.eth0.arp_ignore=1 net.ipv4.conf.eth0.arp_announce=2
ip addr replace "$VIP/32" dev lo
ip -br addr show dev lo
