set -eu
plan_addr
route_via "$SERVER_IP"
if [ -n "$route_err" ]; then
  prefix=$(addr_where "$CLIENT_IP" | awk 'NR == 1 { print $2 }')
  [ "$prefix" = "$LEFT_PREFIX" ] ||
    fail "client has no route to server $SERVER_IP ($route_err), and its own address is still /${prefix:-missing} instead of /$LEFT_PREFIX, so not even the router is on its subnet: fix the prefix first (task 1)"
  fail "client has no route to server $SERVER_IP ($route_err): add one via the router, ip route add $RIGHT_SUBNET via $ROUTER_LEFT_IP (or a default route via $ROUTER_LEFT_IP)"
fi
[ -n "$via" ] ||
  fail "client sends to $SERVER_IP directly out of eth0 (a route with no via): server is on another network, nobody on the left link answers ARP for it. ip route replace $RIGHT_SUBNET via $ROUTER_LEFT_IP"
[ "$via" = "$ROUTER_LEFT_IP" ] ||
  fail "client routes to $SERVER_IP via $via, which is not the router: the route must go via the router's left address $ROUTER_LEFT_IP (ip route replace $RIGHT_SUBNET via $ROUTER_LEFT_IP)"

if ! ping -c 2 -i 0.3 -W 1 "$SERVER_IP" >/dev/null 2>&1; then
  # A TTL of 1 makes the router answer "time to live exceeded", but only if it forwards: a host
  # that does not forward drops the packet before looking at its TTL.
  if ping -c 1 -W 1 -t 1 "$SERVER_IP" 2>&1 | grep -q 'Time to live exceeded'; then
    fail "client's route is right and the router forwards (ping -t 1 $SERVER_IP gets 'Time to live exceeded' from it), but server does not answer: server has no route back to $LEFT_SUBNET via $ROUTER_RIGHT_IP (the check on server says more)"
  fi
  fail "client routes to $SERVER_IP via $ROUTER_LEFT_IP, but nothing comes back, not even 'Time to live exceeded' for ping -t 1: the router does not forward (sysctl net.ipv4.ip_forward on router)"
fi
route_via "$second"
[ "$via" = "$ROUTER_LEFT_IP" ] ||
  fail "client reaches $SERVER_IP, but its route to server's second address $second is not via the router (${route_err:-via ${via:-none, directly on eth0}}): route the whole $RIGHT_SUBNET, or a default, via $ROUTER_LEFT_IP"
ping -c 2 -i 0.3 -W 1 "$second" >/dev/null 2>&1 ||
  fail "server answers at $SERVER_IP, but not at its second address $second (task 1: the last usable address of the third /26, on server's eth0)"
pass "client reaches server at $SERVER_IP and $second through the router $ROUTER_LEFT_IP"
