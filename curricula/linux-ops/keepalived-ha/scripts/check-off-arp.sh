set -eu
# Task "power-off", 2nd check, on client, before it sends anything to the VIP: its ARP entry for
# the VIP names lb2's MAC. Linux updates an entry it has when a gratuitous ARP arrives (it makes
# none from one: arp_accept is 0), so an entry that moved from lb1 to lb2 is lb2's announcement.
lb2_mac=$(lan_mac "$LB2_IP")
[ -n "$lb2_mac" ] || fail "lb2 ($LB2_IP) does not answer ARP from the client"
is_lb2() { [ "$(neigh_mac "$VIP")" = "$lb2_mac" ]; }
wait_for -t 8 is_lb2 >/dev/null && pass "the client's ARP entry for $VIP now names lb2 ($lb2_mac): lb2's gratuitous ARP moved it before the client sent anything"
entry=$(neigh_mac "$VIP")
[ -n "$entry" ] ||
  fail "the client has no ARP entry for $VIP, so no gratuitous ARP had an entry to correct (Linux updates entries it has and makes none from one). Start keepalived on lb1 again if it is not running (the platform powered lb1 on fresh after the last drill), let lb1 take the VIP back, reach it once from the client (curl http://$VIP/), then check again"
case "$entry" in
  "$(lan_mac "$RS1_IP")" | "$(lan_mac "$RS2_IP")")
    fail "the client has $VIP at $entry, a real server's MAC, not lb2's $lb2_mac: a real server answers ARP for the VIP (arp_ignore/arp_announce on rs1 and rs2)" ;;
esac
fail "lb1 is off, yet the client still has $VIP at $entry (lb1's MAC, from before the power cut), not lb2's $lb2_mac: no gratuitous ARP from lb2 reached it, so the client sends to a dead machine until its entry times out. keepalived logs 'Sending gratuitous ARP on eth0 for $VIP' on lb2 when it becomes master; does lb2 hold the VIP?"
