set -eu
# Held connections (the hold service on port 9000 keeps them open). With nothing else open:
# 3 holds land one per server under lc (and rr). Then close the one on the server of hold 2
# and open a new one: lc must pick that server, the only one with no active connection,
# while rr would go on to the server of hold 1. Then again with the server of hold 3.
out=$(holds 9000 o o o c2 o c3 o)
err=$(printf '%s\n' "$out" | awk '$1 == "error" { print $2, $3; exit }')
[ -z "$err" ] || hold_error $err 9000
srv() { printf '%s\n' "$out" | awk -v n="$1" '$1 == "open" && $2 == n { print $3 }'; }
s1=$(srv 1) s2=$(srv 2) s3=$(srv 3) s4=$(srv 4) s5=$(srv 5)
[ -n "$s5" ] || broken "holds gave no result: $(printf '%s' "$out" | tr '\n' ' ')"
if [ "$s1" = "$s2" ] && [ "$s2" = "$s3" ]; then
  fail_t lc-all-one vip="$VIP" s1="$s1" s2="$s2" s3="$s3"
fi
if [ "$s1" = "$s2" ] || [ "$s2" = "$s3" ] || [ "$s1" = "$s3" ]; then
  fail_t lc-two-on-one vip="$VIP" s1="$s1" s2="$s2" s3="$s3"
fi
[ "$s4" = "$s2" ] ||
  fail_t lc-took-turns vip="$VIP" s1="$s1" s2="$s2" s3="$s3" s4="$s4"
[ "$s5" = "$s3" ] ||
  fail_t lc-second-close vip="$VIP" s1="$s1" s2="$s2" s3="$s3" s5="$s5"
pass_t lc-ok vip="$VIP" s1="$s1" s2="$s2" s3="$s3"
