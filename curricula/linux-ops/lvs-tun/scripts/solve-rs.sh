set -eu
# ARP first (the VIP must never be announced on the LAN), then the tunnel end.
sysctl -w net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2
modprobe ipip 2>/dev/null || true     # in the lab the kernel has it loaded: tunl0 exists
ip link set tunl0 up
ip addr replace "$VIP/32" dev tunl0
sysctl -w net.ipv4.conf.tunl0.rp_filter=0 net.ipv4.conf.all.rp_filter=0
ip -d -br addr show dev tunl0
