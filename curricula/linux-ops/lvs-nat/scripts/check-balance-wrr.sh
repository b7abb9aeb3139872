set -eu
# Counts who answers N new connections to the VIP (vip_requests, lib/lvs.sh); stops at the first
# request without an answer and says why.
N=8
# A timeout is explained by request-timeout-wrr (messages.yaml): the NAT return path.
vip_requests $N request-timeout-wrr dip="$DIRECTOR_PRIVATE_IP"
rs1=$(vip_count rs1) rs2=$(vip_count rs2)

# wrr with weights 3 and 1 is exact: every 4 consecutive new connections are rs1 x3, rs2 x1.
[ "$rs1" -ge 5 ] && [ "$rs1" -le 7 ] && pass_t wrr-ok rs1="$rs1" rs2="$rs2" n="$N"
[ "$rs2" -gt 0 ] || fail_t wrr-rs2-nothing rs1="$rs1" rs2="$rs2" n="$N"
[ "$rs1" -gt 0 ] || fail_t wrr-rs1-nothing rs1="$rs1" rs2="$rs2" n="$N"
diff=$((rs1 - rs2))
[ "$diff" -lt -1 ] || [ "$diff" -gt 1 ] ||
  fail_t wrr-even rs1="$rs1" rs2="$rs2" n="$N"
[ "$rs2" -le "$rs1" ] || fail_t wrr-reversed rs1="$rs1" rs2="$rs2" n="$N"
fail_t wrr-off rs1="$rs1" rs2="$rs2" n="$N"
