set -eu
left=$(dev_of "$ROUTER_LEFT_IP") right=$(dev_of "$ROUTER_RIGHT_IP")
[ -n "$left" ] && [ -n "$right" ] || fail "router has lost an address: it needs $ROUTER_LEFT_IP (left) and $ROUTER_RIGHT_IP (right)"
fwd=$(sysctl_get net.ipv4.ip_forward) || broken "no net.ipv4.ip_forward on router"
# The kernel decides per incoming interface (conf.IFACE.forwarding); ip_forward sets them all.
off=''
for dev in "$left" "$right"; do
  [ "$(sysctl_get "net.ipv4.conf.$dev.forwarding")" = 1 ] || off="$off $dev"
done
[ -z "$off" ] ||
  fail "router does not forward (net.ipv4.ip_forward = $fwd; forwarding off on$off): a packet from client to server arrives on router addressed to server, and a host that is not a router drops it without a word. sysctl -w net.ipv4.ip_forward=1"
pass "router forwards between $left and $right (ip_forward = $fwd)"
