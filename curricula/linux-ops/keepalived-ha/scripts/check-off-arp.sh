set -eu
# Task "power-off", 2nd check, on client, before it sends anything to the VIP: its ARP entry for
# the VIP names lb2's MAC. Linux updates an entry it has when a gratuitous ARP arrives (it makes
# none from one: arp_accept is 0), so an entry that moved from lb1 to lb2 is lb2's announcement.
lb2_mac=$(lan_mac "$LB2_IP")
[ -n "$lb2_mac" ] || fail_t off-arp-lb2-silent lb2_ip="$LB2_IP"
is_lb2() { [ "$(neigh_mac "$VIP")" = "$lb2_mac" ]; }
wait_for -t 8 is_lb2 >/dev/null && pass_t off-arp-ok vip="$VIP" lb2_mac="$lb2_mac"
entry=$(neigh_mac "$VIP")
[ -n "$entry" ] ||
  fail_t off-arp-no-entry vip="$VIP"
case "$entry" in
  "$(lan_mac "$RS1_IP")" | "$(lan_mac "$RS2_IP")")
    fail_t off-arp-real-server-mac vip="$VIP" entry="$entry" lb2_mac="$lb2_mac" ;;
esac
fail_t off-arp-stale-entry vip="$VIP" entry="$entry" lb2_mac="$lb2_mac"
