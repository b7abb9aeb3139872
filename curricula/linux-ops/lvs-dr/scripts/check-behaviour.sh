set -eu
N=6
# 1. Who answers ARP for the VIP? Only the director (lvs_expect_arp_director, lib/lvs.sh).
ip neigh del "$VIP" dev eth0 2>/dev/null || true
[ -n "$(arp_macs "$VIP")" ] ||
  fail "nobody answers ARP for the VIP $VIP: it must be up on the director's eth0 (ip addr add $VIP/32 dev eth0 on director)"
lvs_expect_arp_director

# 2. New connections, counted by answer (vip_requests, lib/lvs.sh).
vip_requests $N "the director took the SYN, but no SYN-ACK came back. Either the real server drops the packet (the VIP is not on its lo, or it is there with the LAN prefix), or the director uses -m (Masq), and the real server replies from its own RIP straight to the client, which drops it. The checks on director, rs1 and rs2 say which"
rs1=$(vip_count rs1) rs2=$(vip_count rs2)
got="rs1 answered $rs1 and rs2 $rs2 of $N new connections"
# 3. After the replies, the client must still have the VIP at the director's MAC.
lvs_expect_entry_director "$got"
vip_expect_even "$got"
pass "only the director ($director_mac) answers ARP for $VIP; $got; client has $VIP at the director's MAC"
