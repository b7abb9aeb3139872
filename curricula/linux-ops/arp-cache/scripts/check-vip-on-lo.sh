set -eu
# Every interface that holds the VIP (addr_where, lib/net.sh; a label such as lo:0 shows as lo).
where=$(addr_where "$VIP")
[ -n "$where" ] || fail_t vip-on-no-interface vip="$VIP"
expect_rs_vip "$VIP"
[ "$(iface_for "$VIP")" = lo ] || fail_t vip-not-local vip="$VIP"
pass_t vip-on-lo-ok vip="$VIP" iface="$(printf '%s\n' "$where" | awk 'NR == 1 { print $1 }')"
