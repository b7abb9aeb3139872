set -eu
# Interfaces by role, from the lab's addresses: $pub_if and $priv_if (lvs_director_sides,
# lib/lvs.sh).
lvs_director_sides

# Where the VIP is, as "dev prefix" lines (addr_where, lib/net.sh).
where=$(addr_where "$VIP")
[ -n "$where" ] ||
  fail "the VIP $VIP is not on the director: add it on the public interface (ip addr add $VIP/$PUBLIC_PREFIX dev $pub_if)"
while read -r dev prefix; do
  [ "$dev" = "$priv_if" ] &&
    fail "the VIP $VIP is on the director's $dev, the private side where rs1 and rs2 live: the client asks for it by ARP on the public network. Move it: ip addr del $VIP/$prefix dev $dev; ip addr add $VIP/$PUBLIC_PREFIX dev $pub_if"
done <<WHERE
$where
WHERE

fwd=$(sysctl_get net.ipv4.ip_forward) || broken "no net.ipv4.ip_forward on director"
[ "$fwd" = 1 ] ||
  fail "ip_forward is $fwd on the director: the replies of rs1 and rs2 arrive on $priv_if addressed to the client, and a host that does not forward drops them before IPVS can rewrite their source back to the VIP (sysctl -w net.ipv4.ip_forward=1)"
pass "the VIP $VIP is on $(printf '%s\n' "$where" | awk 'NR == 1 { print $1 "/" $2 }') and the director forwards (ip_forward=1)"
