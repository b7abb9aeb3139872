set -eu
# client uses the gateway: that creates its ARP entry, which the rogue keeps overwriting.
ping -c 2 -W 1 "$GATEWAY_IP" >/dev/null 2>&1 </dev/null || true
curl -s --max-time 3 "http://$GATEWAY_IP/" >/dev/null 2>&1 </dev/null || true
