set -eu
# A specific route; "ip route add default via $ROUTER_LEFT_IP" works as well.
ip route add "$RIGHT_SUBNET" via "$ROUTER_LEFT_IP"
ip route get "$SERVER_IP"
