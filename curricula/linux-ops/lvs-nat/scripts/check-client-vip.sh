set -eu
# Who answers ARP, asked afresh (arp_macs, lib/net.sh: the client's cache plays no part).
director_mac=$(arp_macs "$DIRECTOR_IP")
[ -n "$director_mac" ] || fail_t director-no-arp director_ip="$DIRECTOR_IP"

# Forget what client knew about the VIP, then ask again.
ip neigh del "$VIP" dev eth0 2>/dev/null || true
answers=$(arp_macs "$VIP")
[ -n "$answers" ] ||
  fail_t vip-no-arp vip="$VIP" public_prefix="$PUBLIC_PREFIX"
for mac in $answers; do
  [ "$mac" = "$director_mac" ] ||
    fail_t vip-arp-other-mac mac="$mac" vip="$VIP" director_mac="$director_mac"
done
ping -c 1 -W 3 "$VIP" >/dev/null 2>&1 </dev/null ||
  fail_t vip-no-ping vip="$VIP" director_mac="$director_mac"
pass_t client-vip-ok vip="$VIP" director_mac="$director_mac"
