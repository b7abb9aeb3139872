set -eu
# Counts who answers N new connections to the VIP (vip_requests, lib/lvs.sh); stops at the first
# request without an answer and says why.
N=8
# A timeout is explained by request-timeout (messages.yaml): the NAT return path.
vip_requests $N request-timeout dip="$DIRECTOR_PRIVATE_IP"
rs1=$(vip_count rs1) rs2=$(vip_count rs2)
# The solution of the next task (wrr 3:1) must not fail this one.
[ "$rs2" -gt 0 ] && [ "$rs1" -eq $((3 * rs2)) ] && pass_t balance-ok-wrr rs1="$rs1" rs2="$rs2" n="$N"
vip_expect_even
pass_t balance-ok rs1="$rs1" rs2="$rs2" n="$N"
