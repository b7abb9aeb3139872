set -eu
plan_addr
route_via "$CLIENT_IP"
[ -z "$route_err" ] ||
  fail "server has no route to client $CLIENT_IP ($route_err): the requests arrive, but server cannot send a reply to the left network. ip route add $LEFT_SUBNET via $ROUTER_RIGHT_IP"
[ -n "$via" ] ||
  fail "server sends to $CLIENT_IP directly out of its interface (a route with no via): client is on another network, nobody on the right link answers ARP for it. Route it via the router: ip route replace $LEFT_SUBNET via $ROUTER_RIGHT_IP"
[ "$via" = "$ROUTER_RIGHT_IP" ] ||
  fail "server routes to $CLIENT_IP via $via, which is not the router: the route back to $LEFT_SUBNET must go via the router's right address $ROUTER_RIGHT_IP (ip route replace $LEFT_SUBNET via $ROUTER_RIGHT_IP)"
if has_addr "$second"; then
  route_via "$CLIENT_IP" "$second"
  [ "$via" = "$ROUTER_RIGHT_IP" ] ||
    fail "replies from $second to $CLIENT_IP do not go via $ROUTER_RIGHT_IP (ip route get $CLIENT_IP from $second: ${route_err:-via ${via:-none}}): is there a policy rule or a route tied to one source address?"
fi
pass "server routes back to $CLIENT_IP via the router $ROUTER_RIGHT_IP"
