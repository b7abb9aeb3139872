set -eu
has_addr "$VIP" || fail "the VIP $VIP is not on the director: ip addr add $VIP/32 dev eth0"
# Round robin over rs1 and rs2, tunnelled (-i): the director wraps each packet, unchanged, in
# IPIP to the real server, so the real port is the virtual one.
lvs_expect_service -t "$VIP:80" -s rr -i
pass "the VIP is on the director; $lvs_summary"
