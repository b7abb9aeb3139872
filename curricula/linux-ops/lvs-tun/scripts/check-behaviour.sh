set -eu
N=4
# Only the director answers ARP for the VIP (lvs_expect_arp_director, lib/lvs.sh); when nobody
# does, vip_requests says so.
lvs_expect_arp_director
# New connections, counted by answer (vip_requests, lib/lvs.sh).
vip_requests $N "the director took the SYN and passed it on, but no SYN-ACK came back. On the real servers: tunl0 up with the VIP, rp_filter 0 on tunl0 and all; on the director: -i (Tunnel). The checks on director, rs1 and rs2 say which"
rs1=$(vip_count rs1) rs2=$(vip_count rs2)
got="rs1 answered $rs1 and rs2 $rs2 of $N new connections"
# The client still has the VIP at the director's MAC after the replies.
lvs_expect_entry_director "$got"
vip_expect_even "$got"
pass "$got, through the director's MAC $director_mac"
