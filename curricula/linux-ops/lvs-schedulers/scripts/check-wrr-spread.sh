set -eu
# wrr with weights 3:2:1 is exact: every 6 consecutive new connections are rs1 x3, rs2 x2,
# rs3 x1, wherever the cycle starts, so 12 give exactly 6, 4 and 2.
N=12
asks $N 8080
set -- $seq
t=$(lvs_tally "$@")
got="$t of $N new connections to $VIP:8080 (in order: $seq)"
case "$t" in
  "rs1 6, rs2 4, rs3 2") pass "$got: 3:2:1" ;;
  "rs1 4, rs2 4, rs3 4") fail "$got: an even split, as rr gives, or wrr with equal weights. Weights only count under wrr, and must be rs1 3, rs2 2, rs3 1" ;;
  *"rs1 0"* | *"rs2 0"* | *"rs3 0"*) fail "$got: a server gets nothing. Weight 0 is quiescent (no new connections); a persistent service (-p) keeps one client on one server" ;;
esac
fail "$got; wrr with weights 3:2:1 gives exactly rs1 6, rs2 4, rs3 2 over 12. Check the weights (the right way round?) and the scheduler: wlc (the default without -s) weighs open connections, not turns"
