set -eu
N=6
# The MACs of the director and the real servers, asked without teaching them the client's
# (arp_mac, lib/net.sh), to tell below who answers for the VIP.
director_mac=$(arp_mac "$DIRECTOR_IP")
rs1_mac=$(arp_mac "$RS1_IP")
rs2_mac=$(arp_mac "$RS2_IP")
[ -n "$director_mac" ] || fail "the director does not answer ARP for its own address $DIRECTOR_IP"
name_of() {
  case "$1" in
    "$director_mac") echo director ;;
    "$rs1_mac") echo rs1 ;;
    "$rs2_mac") echo rs2 ;;
    *) echo "an unknown host" ;;
  esac
}

# 1. Who answers ARP for the VIP? Forget the old answer first (it may be minutes old).
ip neigh del "$VIP" dev eth0 2>/dev/null || true
answers=$(arp_macs "$VIP")
[ -n "$answers" ] ||
  fail "nobody answers ARP for the VIP $VIP: it must be up on the director's eth0 (ip addr add $VIP/32 dev eth0 on director)"
for mac in $answers; do
  [ "$mac" = "$director_mac" ] && continue
  who=$(name_of "$mac")
  fail "$who answers ARP for the VIP (its MAC $mac answered client's request for $VIP): arp_ignore is not effective on $who's eth0 (max(all, eth0) must be 1), so the client can send VIP traffic straight to $who and skip the director"
done

# 2. New connections, counted by answer (vip_requests, lib/lvs.sh).
ip neigh del "$VIP" dev eth0 2>/dev/null || true
vip_requests $N "the director took the SYN, but no SYN-ACK came back. Either the real server drops the packet (the VIP is not on its lo, or it is there with the LAN prefix), or the director uses -m (Masq), and the real server replies from its own RIP straight to the client, which drops it. The checks on director, rs1 and rs2 say which"
rs1=$(vip_count rs1) rs2=$(vip_count rs2)
got="rs1 answered $rs1 and rs2 $rs2 of $N new connections"
# 3. After the replies, the client must still have the VIP at the director's MAC: a real
# server that sends "who-has CLIENT tell VIP" (arp_announce 0 or 1) changes it, and every
# later connection skips the director (so that server gets them all).
entry=$(neigh_mac "$VIP")
if [ -n "$entry" ] && [ "$entry" != "$director_mac" ]; then
  who=$(name_of "$entry")
  fail "$got, and client's neighbour entry for $VIP is now $entry ($who): $who announced the VIP in its own ARP request (who-has $CLIENT_IP tell $VIP), so the client sends VIP traffic straight to $who and skips the director. arp_announce must be 2 in max(all, eth0) on $who"
fi
vip_expect_even "$got"
pass "only the director ($director_mac) answers ARP for $VIP; $got; client has $VIP at the director's MAC"
