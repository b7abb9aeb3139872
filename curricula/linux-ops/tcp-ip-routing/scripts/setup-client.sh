set -eu
# A host, not a router (a container inherits its engine's ip_forward=1).
sysctl -w net.ipv4.ip_forward=0 >/dev/null
# A typo in the address plan: /29 instead of /24. Client's subnet is then only .8 to .15, and
# the router at .254 looks like it is on another network (ping: Network is unreachable).
ip addr del "$CLIENT_IP/$LEFT_PREFIX" dev eth0
ip addr add "$CLIENT_IP/29" dev eth0
rm -f /root/handshake.pcap /root/refused.pcap /root/pmtu.txt
