set -eu
has_addr "$VIP" || fail_t vip-not-on-director vip="$VIP"
# Round robin over rs1 and rs2, tunnelled (-i): the director wraps each packet, unchanged, in
# IPIP to the real server, so the real port is the virtual one.
lvs_expect_service -t "$VIP:80" -s rr -i
lvs_pass_service vip
