set -eu
# Interfaces by role, from the lab's addresses: $pub_if and $priv_if (lvs_director_sides,
# lib/lvs.sh).
lvs_director_sides

# Where the VIP is, as "dev prefix" lines (addr_where, lib/net.sh).
where=$(addr_where "$VIP")
[ -n "$where" ] ||
  fail_t vip-not-on-director vip="$VIP" public_prefix="$PUBLIC_PREFIX" pub_if="$pub_if"
while read -r dev prefix; do
  [ "$dev" = "$priv_if" ] &&
    fail_t vip-on-private-side vip="$VIP" dev="$dev" prefix="$prefix" public_prefix="$PUBLIC_PREFIX" pub_if="$pub_if"
done <<WHERE
$where
WHERE

fwd=$(sysctl_get net.ipv4.ip_forward) || broken "no net.ipv4.ip_forward on director"
[ "$fwd" = 1 ] ||
  fail_t ip-forward-off fwd="$fwd" priv_if="$priv_if"
pass_t director-ok vip="$VIP" where="$(printf '%s\n' "$where" | awk 'NR == 1 { print $1 "/" $2 }')"
