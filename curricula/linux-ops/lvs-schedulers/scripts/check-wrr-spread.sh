set -eu
# wrr with weights 3:2:1 is exact: every 6 consecutive new connections are rs1 x3, rs2 x2,
# rs3 x1, wherever the cycle starts, so 12 give exactly 6, 4 and 2.
N=12
asks $N 8080
set -- $seq
t=$(lvs_tally "$@")
case "$t" in
  "rs1 6, rs2 4, rs3 2") pass_t wrr-ok tally="$t" n="$N" vip="$VIP" seq="$seq" ;;
  "rs1 4, rs2 4, rs3 4") fail_t wrr-even tally="$t" n="$N" vip="$VIP" seq="$seq" ;;
  *"rs1 0"* | *"rs2 0"* | *"rs3 0"*) fail_t wrr-one-idle tally="$t" n="$N" vip="$VIP" seq="$seq" ;;
esac
fail_t wrr-off tally="$t" n="$N" vip="$VIP" seq="$seq"
