set -eu
N=4
director_mac=$(arp_mac "$DIRECTOR_IP")
ip neigh del "$VIP" dev eth0 2>/dev/null || true
# New connections, counted by answer (vip_requests, lib/lvs.sh).
vip_requests $N "the director took the SYN and passed it on, but no SYN-ACK came back. On the real servers: tunl0 up with the VIP, rp_filter 0 on tunl0 and all; on the director: -i (Tunnel). The checks on director, rs1 and rs2 say which"
rs1=$(vip_count rs1) rs2=$(vip_count rs2)
got="rs1 answered $rs1 and rs2 $rs2 of $N new connections"
entry=$(neigh_mac "$VIP")
[ -z "$entry" ] || [ "$entry" = "$director_mac" ] ||
  fail "$got, but the client has $VIP at $entry, not the director's MAC $director_mac: a real server answers or announces ARP for the VIP (arp_ignore=1, arp_announce=2 on all)"
vip_expect_even "$got"
pass "$got, through the director's MAC $director_mac"
