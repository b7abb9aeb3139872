set -eu
# Task "power-off", last check, on client: with lb1 off, 4 new connections to the VIP are
# answered by rs1 and rs2, and the client still has the VIP at lb2's MAC.
N=4
lb2_mac=$(lan_mac "$LB2_IP")
# A timeout and a VIP nobody answers ARP for are explained by off-client-request-timeout and
# off-client-no-arp (messages.yaml).
vip_requests $N off-client-request-timeout off-client-no-arp
rs1=$(vip_count rs1) rs2=$(vip_count rs2)
entry=$(neigh_mac "$VIP")
if [ "$entry" != "$lb2_mac" ]; then
  [ -n "$entry" ] || fail_t off-client-no-entry rs1="$rs1" rs2="$rs2" n="$N" vip="$VIP" lb2_mac="$lb2_mac"
  fail_t off-client-wrong-entry rs1="$rs1" rs2="$rs2" n="$N" vip="$VIP" entry="$entry" lb2_mac="$lb2_mac"
fi
[ "$rs1" -gt 0 ] && [ "$rs2" -gt 0 ] ||
  fail_t off-client-not-alternating rs1="$rs1" rs2="$rs2" n="$N"
pass_t off-client-ok rs1="$rs1" rs2="$rs2" n="$N" lb2_mac="$lb2_mac"
