set -eu
# Who answers ARP, asked afresh (arp_macs, lib/net.sh: the client's cache plays no part).
director_mac=$(arp_macs "$DIRECTOR_IP")
[ -n "$director_mac" ] || fail "the director does not answer ARP for its own address $DIRECTOR_IP: is its eth0 up (ip link on director)?"

# Forget what client knew about the VIP, then ask again.
ip neigh del "$VIP" dev eth0 2>/dev/null || true
answers=$(arp_macs "$VIP")
[ -n "$answers" ] ||
  fail "nobody answers ARP for the VIP $VIP on the public network: it is not up on the director's public interface (ip addr add $VIP/$PUBLIC_PREFIX dev eth0 on director)"
for mac in $answers; do
  [ "$mac" = "$director_mac" ] ||
    fail "$mac answers ARP for $VIP, but the director's eth0 MAC is $director_mac: only the director may hold the VIP"
done
ping -c 1 -W 3 "$VIP" >/dev/null 2>&1 </dev/null ||
  fail "client resolves $VIP to the director ($director_mac) but gets no answer to a ping"
pass "client reaches $VIP at the director's MAC $director_mac"
