set -eu
# The other end of the same link must agree, or the router drops server's bigger frames.
ip link set dev eth0 mtu 1400
ip link show dev eth0
