set -eu
prefix=$(addr_where "$CLIENT_IP" | awk '$1 == "eth0" { print $2 }' | sort -n | head -n 1)
[ -n "$prefix" ] || fail_t client-addr-gone client_ip="$CLIENT_IP" left_prefix="$LEFT_PREFIX"
if ! addr_where "$CLIENT_IP" | awk -v p="$LEFT_PREFIX" '$1 == "eth0" && $2 == p { ok = 1 } END { exit !ok }'; then
  fail_t client-prefix-wrong client_ip="$CLIENT_IP" prefix="$prefix" left_subnet="$LEFT_SUBNET" left_prefix="$LEFT_PREFIX" router_left_ip="$ROUTER_LEFT_IP"
fi
other=$(addr_where "$CLIENT_IP" | awk -v p="$LEFT_PREFIX" '$2 != p { print $1 "/" $2; exit }')
[ -z "$other" ] || fail_t client-addr-twice client_ip="$CLIENT_IP" left_prefix="$LEFT_PREFIX" other_prefix="${other#*/}" other_dev="${other%/*}"
ping -c 2 -i 0.3 -W 1 "$ROUTER_LEFT_IP" >/dev/null 2>&1 ||
  fail_t router-no-ping-from-client client_ip="$CLIENT_IP" left_prefix="$LEFT_PREFIX" router_left_ip="$ROUTER_LEFT_IP"
pass_t client-prefix-ok client_ip="$CLIENT_IP" left_prefix="$LEFT_PREFIX" router_left_ip="$ROUTER_LEFT_IP"
