set -eu
# Counts who answers N new connections to the VIP (vip_requests, lib/lvs.sh); stops at the first
# request without an answer and says why.
N=8
vip_requests $N "the director took the SYN, but no SYN-ACK came back. In NAT the reply must return through the director: each real server's default route via the DIP $DIRECTOR_PRIVATE_IP, ip_forward=1 on the director, and the real servers added with -m (Masq). The checks on director, rs1 and rs2 say which is missing"
rs1=$(vip_count rs1) rs2=$(vip_count rs2)
got="rs1 answered $rs1 and rs2 $rs2 of $N new connections"
# The solution of the next task (wrr 3:1) must not fail this one.
[ "$rs2" -gt 0 ] && [ "$rs1" -eq $((3 * rs2)) ] && pass "$got: the 3:1 weights of the next task"
vip_expect_even "$got"
pass "$got: round robin"
