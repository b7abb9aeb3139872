set -eu
left=$(dev_of "$ROUTER_LEFT_IP") right=$(dev_of "$ROUTER_RIGHT_IP")
[ -n "$left" ] && [ -n "$right" ] || fail "router has lost an address: it needs $ROUTER_LEFT_IP (left) and $ROUTER_RIGHT_IP (right)"
lm=$(cat "/sys/class/net/$left/mtu") rm=$(cat "/sys/class/net/$right/mtu")
[ "$rm" = 1400 ] || {
  [ "$lm" != 1500 ] && fail "router's $left (the left link, $ROUTER_LEFT_IP) has MTU $lm and its $right (the right link) $rm: the 1400 belongs on $right, and $left stays 1500 (ip link set dev $left mtu 1500; ip link set dev $right mtu 1400)"
  fail "router's $right (the right link, $ROUTER_RIGHT_IP) has MTU $rm, not 1400: ip link set dev $right mtu 1400"
}
[ "$lm" = 1500 ] || fail "router's $right has MTU 1400, but its $left (the left link) has $lm: only the right link is smaller; ip link set dev $left mtu 1500"
pass "router: $right (right) MTU 1400, $left (left) MTU 1500"
