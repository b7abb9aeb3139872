set -eu
# eth1 is the router's interface on the right network (ip -br addr).
ip link set dev eth1 mtu 1400
ip link show dev eth1
