set -eu
plan_addr
route_via "$SERVER_IP"
if [ -n "$route_err" ]; then
  prefix=$(addr_where "$CLIENT_IP" | awk 'NR == 1 { print $2 }')
  [ -n "$prefix" ] ||
    fail_t client-no-route-no-addr server_ip="$SERVER_IP" route_err="$route_err" left_prefix="$LEFT_PREFIX"
  [ "$prefix" = "$LEFT_PREFIX" ] ||
    fail_t client-no-route-prefix server_ip="$SERVER_IP" route_err="$route_err" prefix="$prefix" left_prefix="$LEFT_PREFIX"
  fail_t client-no-route server_ip="$SERVER_IP" route_err="$route_err" right_subnet="$RIGHT_SUBNET" router_left_ip="$ROUTER_LEFT_IP"
fi
[ -n "$via" ] ||
  fail_t client-route-no-via server_ip="$SERVER_IP" right_subnet="$RIGHT_SUBNET" router_left_ip="$ROUTER_LEFT_IP"
[ "$via" = "$ROUTER_LEFT_IP" ] ||
  fail_t client-route-wrong-via server_ip="$SERVER_IP" via="$via" router_left_ip="$ROUTER_LEFT_IP" right_subnet="$RIGHT_SUBNET"

if ! ping -c 2 -i 0.3 -W 1 "$SERVER_IP" >/dev/null 2>&1; then
  # A TTL of 1 makes the router answer "time to live exceeded", but only if it forwards: a host
  # that does not forward drops the packet before looking at its TTL.
  if ping -c 1 -W 1 -t 1 "$SERVER_IP" 2>&1 | grep -q 'Time to live exceeded'; then
    fail_t server-no-route-back server_ip="$SERVER_IP" left_subnet="$LEFT_SUBNET" router_right_ip="$ROUTER_RIGHT_IP"
  fi
  fail_t router-not-forwarding server_ip="$SERVER_IP" router_left_ip="$ROUTER_LEFT_IP"
fi
route_via "$second"
if [ "$via" != "$ROUTER_LEFT_IP" ]; then
  # No route, a route via another host, or none at all (on-link): one message each.
  [ -z "$route_err" ] ||
    fail_t client-second-not-routed server_ip="$SERVER_IP" second="$second" route_err="$route_err" right_subnet="$RIGHT_SUBNET" router_left_ip="$ROUTER_LEFT_IP"
  [ -z "$via" ] ||
    fail_t client-second-via-other server_ip="$SERVER_IP" second="$second" via="$via" right_subnet="$RIGHT_SUBNET" router_left_ip="$ROUTER_LEFT_IP"
  fail_t client-second-direct server_ip="$SERVER_IP" second="$second" right_subnet="$RIGHT_SUBNET" router_left_ip="$ROUTER_LEFT_IP"
fi
ping -c 2 -i 0.3 -W 1 "$second" >/dev/null 2>&1 ||
  fail_t second-no-answer server_ip="$SERVER_IP" second="$second"
pass_t client-route-ok server_ip="$SERVER_IP" second="$second" router_left_ip="$ROUTER_LEFT_IP"
