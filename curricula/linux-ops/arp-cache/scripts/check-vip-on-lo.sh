set -eu
# Every interface that holds the VIP, as "dev prefix" (an `ip addr ... label lo:0` shows as lo).
where=$(ip -o -4 addr show | awk -v ip="$VIP" '{ split($4, a, "/"); if (a[1] == ip) print $2, a[2] }')
[ -n "$where" ] || fail "$VIP is not on any interface of server: ip addr add $VIP/32 dev lo"
while read -r dev prefix; do
  case "$dev" in
    eth*) fail "$VIP is on server's $dev, the LAN interface, where no sysctl can hide it from ARP: remove it there (ip addr del $VIP/$prefix dev $dev) and put it on lo" ;;
  esac
  [ "$prefix" = 32 ] ||
    fail "$VIP is on server's $dev as /$prefix: that makes the whole $LAN_SUBNET local to server (ip route show table local), so it can no longer reach its neighbours. Use /32"
done <<EOF2
$where
EOF2
[ "$(iface_for "$VIP")" = lo ] || fail "server does not treat $VIP as a local address (ip route get $VIP)"
pass "$VIP is a /32 on server's $(printf '%s\n' "$where" | awk 'NR == 1 { print $1 }')"
