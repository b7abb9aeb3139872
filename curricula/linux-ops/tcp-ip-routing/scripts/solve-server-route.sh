set -eu
ip route add "$LEFT_SUBNET" via "$ROUTER_RIGHT_IP"
ip route get "$CLIENT_IP"
