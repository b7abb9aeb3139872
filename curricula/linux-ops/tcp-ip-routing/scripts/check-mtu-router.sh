set -eu
left=$(dev_of "$ROUTER_LEFT_IP") right=$(dev_of "$ROUTER_RIGHT_IP")
[ -n "$left" ] && [ -n "$right" ] || fail_t router-addr-lost router_left_ip="$ROUTER_LEFT_IP" router_right_ip="$ROUTER_RIGHT_IP"
lm=$(cat "/sys/class/net/$left/mtu") rm=$(cat "/sys/class/net/$right/mtu")
[ "$rm" = 1400 ] || {
  [ "$lm" != 1500 ] && fail_t router-mtu-swapped left="$left" router_left_ip="$ROUTER_LEFT_IP" lm="$lm" right="$right" rm="$rm"
  fail_t router-right-mtu right="$right" router_right_ip="$ROUTER_RIGHT_IP" rm="$rm"
}
[ "$lm" = 1500 ] || fail_t router-left-mtu right="$right" left="$left" lm="$lm"
pass_t router-mtu-ok right="$right" left="$left"
