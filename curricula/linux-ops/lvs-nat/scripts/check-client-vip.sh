set -eu
# The MACs that answer ARP for $1 within 2 s (arping reads replies itself; -b keeps
# broadcasting, so every host that answers shows up, not only the first).
arp_answers() {
  arping -b -c 10 -w 2 -I eth0 "$1" </dev/null 2>/dev/null |
    awk '/reply from/ { gsub(/[][]/, "", $5); print tolower($5) }' | sort -u
}
director_mac=$(arp_answers "$DIRECTOR_IP")
[ -n "$director_mac" ] || fail "the director does not answer ARP for its own address $DIRECTOR_IP: is its eth0 up (ip link on director)?"

# Forget what client knew about the VIP, then ask again.
ip neigh del "$VIP" dev eth0 2>/dev/null || true
answers=$(arp_answers "$VIP")
[ -n "$answers" ] ||
  fail "nobody answers ARP for the VIP $VIP on the public network: it is not up on the director's public interface (ip addr add $VIP/$PUBLIC_PREFIX dev eth0 on director)"
for mac in $answers; do
  [ "$mac" = "$director_mac" ] ||
    fail "$mac answers ARP for $VIP, but the director's eth0 MAC is $director_mac: only the director may hold the VIP"
done
ping -c 1 -W 3 "$VIP" >/dev/null 2>&1 </dev/null ||
  fail "client resolves $VIP to the director ($director_mac) but gets no answer to a ping"
pass "client reaches $VIP at the director's MAC $director_mac"
