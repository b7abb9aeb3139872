set -eu
# Task "failover", 1st check, on client: before the failover, the client reaches the VIP and
# its ARP entry for the VIP is lb1's MAC (the entry a gratuitous ARP must later correct).
lb1_mac=$(lan_mac "$LB1_IP")
ip neigh del "$VIP" dev eth0 2>/dev/null || true
body=$(http_get "http://$VIP/" --connect-timeout 4 2>/dev/null) ||
  fail_t fo-before-unreachable vip="$VIP"
entry=$(neigh_mac "$VIP")
if [ "$entry" != "$lb1_mac" ]; then
  [ -n "$entry" ] ||
    fail_t fo-before-no-entry vip="$VIP" lb1_mac="$lb1_mac"
  fail_t fo-before-wrong-entry vip="$VIP" lb1_mac="$lb1_mac" entry="$entry"
fi
pass_t fo-before-ok body="$body" lb1_mac="$lb1_mac"
