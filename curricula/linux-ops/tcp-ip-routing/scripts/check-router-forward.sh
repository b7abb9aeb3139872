set -eu
left=$(dev_of "$ROUTER_LEFT_IP") right=$(dev_of "$ROUTER_RIGHT_IP")
[ -n "$left" ] && [ -n "$right" ] || fail_t router-addr-lost router_left_ip="$ROUTER_LEFT_IP" router_right_ip="$ROUTER_RIGHT_IP"
fwd=$(sysctl_get net.ipv4.ip_forward) || broken "no net.ipv4.ip_forward on router"
# The kernel decides per incoming interface (conf.IFACE.forwarding); ip_forward sets them all.
off=''
for dev in "$left" "$right"; do
  [ "$(sysctl_get "net.ipv4.conf.$dev.forwarding")" = 1 ] || off="$off $dev"
done
[ -z "$off" ] ||
  fail_t router-forward-off fwd="$fwd" off="$off"
pass_t router-forward-ok left="$left" right="$right" fwd="$fwd"
