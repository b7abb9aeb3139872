set -eu
# Task "failover", 1st check, on client: before the failover, the client reaches the VIP and
# its ARP entry for the VIP is lb1's MAC (the entry a gratuitous ARP must later correct).
lb1_mac=$(lan_mac "$LB1_IP")
ip neigh del "$VIP" dev eth0 2>/dev/null || true
body=$(http_get "http://$VIP/" --connect-timeout 4 2>/dev/null) ||
  fail "the client cannot reach $VIP:80 before the failover: finish task 1 first"
entry=$(neigh_mac "$VIP")
[ "$entry" = "$lb1_mac" ] ||
  fail "before the failover the client should reach $VIP through lb1 ($lb1_mac), but its ARP entry says ${entry:-nothing}: lb1 must be the master (task 1)"
pass "before the failover: $body answered through lb1 ($lb1_mac)"
