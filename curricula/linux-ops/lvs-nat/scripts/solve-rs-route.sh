set -eu
ip route replace default via "$DIRECTOR_PRIVATE_IP"
ip route get "$CLIENT_IP"
