set -eu
# The address was added as /29 (.8 to .15): the router at .254 is outside it. Put the real prefix back.
ip addr del "$CLIENT_IP/29" dev eth0
ip addr add "$CLIENT_IP/$LEFT_PREFIX" dev eth0
ip -br addr show dev eth0
ping -c 3 -i 0.2 -W 1 "$ROUTER_LEFT_IP"   # any reply of 3: one lost echo must not fail the solve
