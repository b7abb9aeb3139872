set -eu
# Task "failover", 4th check, on client: before sending anything, its ARP entry for the VIP
# already names lb2 (gratuitous ARP from lb2's keepalived updated it); then the service answers.
lb2_mac=$(lan_mac "$LB2_IP")
entry=$(neigh_mac "$VIP")
[ -n "$entry" ] || fail "the client has no ARP entry for $VIP (the check before the failover made one): run the whole task's checks again"
[ "$entry" = "$lb2_mac" ] ||
  fail "after the failover the client still has $VIP at $entry, not lb2's MAC $lb2_mac: no gratuitous ARP from lb2 reached it, so the client keeps sending to the old director until its entry times out"
rs1=0 rs2=0 i=0
while [ "$i" -lt 4 ]; do
  i=$((i + 1))
  body=$(http_get "http://$VIP/" --connect-timeout 4 2>/dev/null) ||
    fail "request $i of 4 to $VIP:80 failed after the failover: lb2 holds the VIP but does not balance it (ipvsadm -Ln on lb2)"
  case "$body" in rs1) rs1=$((rs1 + 1)) ;; rs2) rs2=$((rs2 + 1)) ;; esac
done
[ "$rs1" -gt 0 ] && [ "$rs2" -gt 0 ] || fail "after the failover rs1 answered $rs1 and rs2 $rs2 of 4: lb2's table must balance over both"
pass "gratuitous ARP moved the client's entry for $VIP to lb2 ($lb2_mac); rs1 answered $rs1 and rs2 $rs2 of 4 through lb2"
