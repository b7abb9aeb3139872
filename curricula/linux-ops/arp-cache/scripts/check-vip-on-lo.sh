set -eu
# Every interface that holds the VIP (addr_where, lib/net.sh; a label such as lo:0 shows as lo).
where=$(addr_where "$VIP")
[ -n "$where" ] || fail "$VIP is not on any interface of server: ip addr add $VIP/32 dev lo"
expect_rs_vip "$VIP"
[ "$(iface_for "$VIP")" = lo ] || fail "server does not treat $VIP as a local address (ip route get $VIP)"
pass "$VIP is a /32 on server's $(printf '%s\n' "$where" | awk 'NR == 1 { print $1 }')"
