set -eu
prefix=$(addr_where "$CLIENT_IP" | awk '$1 == "eth0" { print $2 }' | sort -n | head -n 1)
[ -n "$prefix" ] || fail "client's address $CLIENT_IP is not on eth0 any more: ip addr add $CLIENT_IP/$LEFT_PREFIX dev eth0"
if ! addr_where "$CLIENT_IP" | awk -v p="$LEFT_PREFIX" '$1 == "eth0" && $2 == p { ok = 1 } END { exit !ok }'; then
  fail "client's $CLIENT_IP has prefix /$prefix on eth0, but the left network is $LEFT_SUBNET (/$LEFT_PREFIX): with /$prefix client thinks only its own small subnet is local, and the router $ROUTER_LEFT_IP is outside it. ip addr del $CLIENT_IP/$prefix dev eth0; ip addr add $CLIENT_IP/$LEFT_PREFIX dev eth0"
fi
other=$(addr_where "$CLIENT_IP" | awk -v p="$LEFT_PREFIX" '$2 != p { print $1 "/" $2; exit }')
[ -z "$other" ] || fail "client now has $CLIENT_IP/$LEFT_PREFIX, but still also $CLIENT_IP with ${other#*/} on ${other%/*}: delete the wrong one (ip addr del $CLIENT_IP/${other#*/} dev ${other%/*})"
ping -c 2 -i 0.3 -W 1 "$ROUTER_LEFT_IP" >/dev/null 2>&1 ||
  fail "client has $CLIENT_IP/$LEFT_PREFIX, but the router $ROUTER_LEFT_IP does not answer ping (ip link show eth0: is it UP?)"
pass "client is $CLIENT_IP/$LEFT_PREFIX on eth0 and reaches the router $ROUTER_LEFT_IP"
