set -eu
plan_addr
route_via "$CLIENT_IP"
[ -z "$route_err" ] ||
  fail_t server-no-route client_ip="$CLIENT_IP" route_err="$route_err" left_subnet="$LEFT_SUBNET" router_right_ip="$ROUTER_RIGHT_IP"
[ -n "$via" ] ||
  fail_t server-route-no-via client_ip="$CLIENT_IP" left_subnet="$LEFT_SUBNET" router_right_ip="$ROUTER_RIGHT_IP"
[ "$via" = "$ROUTER_RIGHT_IP" ] ||
  fail_t server-route-wrong-via client_ip="$CLIENT_IP" via="$via" left_subnet="$LEFT_SUBNET" router_right_ip="$ROUTER_RIGHT_IP"
if has_addr "$second"; then
  route_via "$CLIENT_IP" "$second"
  if [ "$via" != "$ROUTER_RIGHT_IP" ]; then
    [ -z "$route_err" ] ||
      fail_t second-reply-wrong-route second="$second" client_ip="$CLIENT_IP" router_right_ip="$ROUTER_RIGHT_IP" route_err="$route_err"
    [ -z "$via" ] ||
      fail_t second-reply-via-other second="$second" client_ip="$CLIENT_IP" router_right_ip="$ROUTER_RIGHT_IP" via="$via"
    fail_t second-reply-direct second="$second" client_ip="$CLIENT_IP" router_right_ip="$ROUTER_RIGHT_IP"
  fi
fi
pass_t server-route-ok client_ip="$CLIENT_IP" router_right_ip="$ROUTER_RIGHT_IP"
