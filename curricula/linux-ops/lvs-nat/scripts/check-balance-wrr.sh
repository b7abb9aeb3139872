set -eu
# Counts who answers N new connections to the VIP (vip_requests, lib/lvs.sh); stops at the first
# request without an answer and says why.
N=8
vip_requests $N "the director took the SYN, but no SYN-ACK came back. In NAT the reply must return through the director: each real server's default route via the DIP $DIRECTOR_PRIVATE_IP, ip_forward=1 on the director, and the real servers added with -m (Masq)"
rs1=$(vip_count rs1) rs2=$(vip_count rs2)

# wrr with weights 3 and 1 is exact: every 4 consecutive new connections are rs1 x3, rs2 x1.
got="rs1 answered $rs1 and rs2 $rs2 of $N new connections"
[ "$rs1" -ge 5 ] && [ "$rs1" -le 7 ] && pass "$got: 3 to 1"
[ "$rs2" -gt 0 ] || fail "$got: rs2 gets nothing (weight 0, a persistent service, or a scheduler other than wrr: wlc counts connections instead of taking turns); with wrr and weights 3:1 it gets 2 of 8"
[ "$rs1" -gt 0 ] || fail "$got: rs1 gets nothing (weight 0, a persistent service, or a scheduler other than wrr); with wrr and weights 3:1 it gets 6 of 8"
diff=$((rs1 - rs2))
[ "$diff" -lt -1 ] || [ "$diff" -gt 1 ] ||
  fail "$got: an even split, as rr gives, ignoring weights. With wrr and rs1 at weight 3, rs2 at 1, rs1 gets 6 of every 8"
[ "$rs2" -le "$rs1" ] || fail "$got: rs2 gets the bigger share. Are the weights the wrong way round? rs1 should have 3, rs2 1"
fail "$got; with weights 3:1 under wrr rs1 gets 6 of every 8"
