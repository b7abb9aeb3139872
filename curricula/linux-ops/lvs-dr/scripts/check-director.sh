set -eu
has_addr "$VIP" || fail "the VIP $VIP is not on the director: ip addr add $VIP/32 dev eth0"
# Round robin over rs1 and rs2, direct routing (-g), the real port the virtual one: in DR the
# director only swaps the frame's destination MAC, so nothing in the packet can change.
lvs_expect_service -t "$VIP:80" -s rr -g
pass "the VIP is on the director; $lvs_summary"
