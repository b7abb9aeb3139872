set -eu
# wlc picks the smallest active/weight. Weights rs1 3, rs2 1, rs3 1: from nothing, 5 held
# connections always end up 3/1/1 (lc and rr give 2/2/1, sh 5/0/0). wrr also gives 3/1/1 over
# a full cycle of 5, and its next turn is the server of hold 1 again; so close a hold on rs2
# or rs3 that is not that server: wlc sends the next connection there, wrr does not.
out=$(LIGHT="rs2 rs3" holds 9001 o o o o o cL o)
err=$(printf '%s\n' "$out" | awk '$1 == "error" { print $2, $3; exit }')
[ -z "$err" ] || hold_error $err 9001
srv() { printf '%s\n' "$out" | awk -v n="$1" '$1 == "open" && $2 == n { print $3 }'; }
five="$(srv 1) $(srv 2) $(srv 3) $(srv 4) $(srv 5)"
t=$(lvs_tally $five)
case "$t" in
  "rs1 3, rs2 1, rs3 1") ;;
  *" 5"*) fail_t wlc-all-one vip="$VIP" tally="$t" five="$five" ;;
  *) fail_t wlc-weights-ignored vip="$VIP" tally="$t" five="$five" ;;
esac
closed=$(printf '%s\n' "$out" | awk '$1 == "close" { print $3; exit }')
[ -n "$closed" ] || broken "holds closed nothing: $(printf '%s' "$out" | tr '\n' ' ')"
s6=$(srv 6)
[ -n "$s6" ] || broken "holds gave no sixth connection: $(printf '%s' "$out" | tr '\n' ' ')"
[ "$s6" = "$closed" ] ||
  fail_t wlc-took-turns vip="$VIP" tally="$t" five="$five" closed="$closed" s6="$s6"
pass_t wlc-ok vip="$VIP" tally="$t" five="$five" closed="$closed"
