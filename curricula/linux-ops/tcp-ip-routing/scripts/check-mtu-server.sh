set -eu
dev=$(dev_of "$SERVER_IP")
[ -n "$dev" ] || fail_t server-addr-lost server_ip="$SERVER_IP"
m=$(cat "/sys/class/net/$dev/mtu")
[ "$m" = 1400 ] ||
  fail_t server-mtu-wrong dev="$dev" m="$m"
# A 1428-byte packet: with MTU 1400 server splits it into fragments that pass; a server that
# sent it whole would lose it at the router.
ping -c 2 -i 0.3 -W 1 -s 1400 "$CLIENT_IP" >/dev/null 2>&1 ||
  fail_t server-big-ping-lost dev="$dev" client_ip="$CLIENT_IP"
pass_t server-mtu-ok dev="$dev"
