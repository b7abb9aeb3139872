set -eu
# Task "power-off", last check, on client: with lb1 off, 4 new connections to the VIP are
# answered by rs1 and rs2, and the client still has the VIP at lb2's MAC.
N=4
lb2_mac=$(lan_mac "$LB2_IP")
vip_requests $N "lb2 took the SYN, but no answer came back: does lb2's virtual_server have lb_kind DR (ipvsadm -Ln on lb2 says Route)?" \
  "with lb1 off, lb2 must hold it (the first check of this task)"
rs1=$(vip_count rs1) rs2=$(vip_count rs2)
got="with lb1 off, rs1 answered $rs1 and rs2 $rs2 of $N new connections"
entry=$(neigh_mac "$VIP")
[ "$entry" = "$lb2_mac" ] ||
  fail "$got, but the client has $VIP at ${entry:-nothing}, not lb2's MAC $lb2_mac: a real server answers ARP for the VIP"
[ "$rs1" -gt 0 ] && [ "$rs2" -gt 0 ] ||
  fail "$got: rr over two servers alternates. Is one missing from ipvsadm -Ln on lb2 or at weight 0 there, or persistence_timeout set?"
pass "$got, through lb2 ($lb2_mac)"
