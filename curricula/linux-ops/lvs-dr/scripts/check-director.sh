set -eu
has_addr "$VIP" || fail_t vip-not-on-director vip="$VIP"
# Round robin over rs1 and rs2, direct routing (-g), the real port the virtual one: in DR the
# director only swaps the frame's destination MAC, so nothing in the packet can change.
lvs_expect_service -t "$VIP:80" -s rr -g
lvs_pass_service vip
