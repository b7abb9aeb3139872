set -eu
# Task "pair", on client: with its ARP entry for the VIP forgotten, 4 new connections to the
# VIP are answered 2 by rs1 and 2 by rs2, and the VIP resolves to lb1's MAC.
N=4
lb1_mac=$(lan_mac "$LB1_IP")
lb2_mac=$(lan_mac "$LB2_IP")
ip neigh del "$VIP" dev eth0 2>/dev/null || true
# A timeout and a VIP nobody answers ARP for are explained by pair-request-timeout and pair-no-arp
# (messages.yaml).
vip_requests $N pair-request-timeout pair-no-arp
rs1=$(vip_count rs1) rs2=$(vip_count rs2)
entry=$(neigh_mac "$VIP")
if [ -n "$entry" ] && [ "$entry" != "$lb1_mac" ]; then
  [ "$entry" = "$lb2_mac" ] &&
    fail_t pair-through-lb2 rs1="$rs1" rs2="$rs2" n="$N" vip="$VIP" entry="$entry"
  fail_t pair-vip-at-other-mac rs1="$rs1" rs2="$rs2" n="$N" vip="$VIP" entry="$entry"
fi
[ "$rs1" -gt 0 ] && [ "$rs2" -gt 0 ] ||
  fail_t pair-not-alternating rs1="$rs1" rs2="$rs2" n="$N"
pass_t pair-ok rs1="$rs1" rs2="$rs2" n="$N" lb1_mac="$lb1_mac"
