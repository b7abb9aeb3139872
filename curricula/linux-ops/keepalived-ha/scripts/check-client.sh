set -eu
# Task "pair", on client: with its ARP entry for the VIP forgotten, 4 new connections to the
# VIP are answered 2 by rs1 and 2 by rs2, and the VIP resolves to lb1's MAC.
N=4
lb1_mac=$(lan_mac "$LB1_IP")
lb2_mac=$(lan_mac "$LB2_IP")
ip neigh del "$VIP" dev eth0 2>/dev/null || true
vip_requests $N "the director took the SYN, but no answer came back (lb_kind NAT? vrrp_strict's firewall rules? the checks on lb1 and lb2 say which)" \
  "keepalived must hold it on lb1 (virtual_ipaddress)"
rs1=$(vip_count rs1) rs2=$(vip_count rs2)
got="rs1 answered $rs1 and rs2 $rs2 of $N new connections"
entry=$(neigh_mac "$VIP")
if [ -n "$entry" ] && [ "$entry" != "$lb1_mac" ]; then
  [ "$entry" = "$lb2_mac" ] &&
    fail "$got, but through lb2: the client has $VIP at lb2's MAC $entry. lb2 holds the VIP (split brain, or lb2 is master); lb1 must be the master"
  fail "$got, but the client has $VIP at $entry, neither lb1's nor lb2's MAC: a real server answers ARP for the VIP"
fi
[ "$rs1" -gt 0 ] && [ "$rs2" -gt 0 ] ||
  fail "$got: rr over two servers alternates. Is one missing from ipvsadm -Ln on lb1 or at weight 0 there, or persistence_timeout set?"
pass "$got, through lb1 ($lb1_mac)"
