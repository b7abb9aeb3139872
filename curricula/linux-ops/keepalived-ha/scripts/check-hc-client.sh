set -eu
# Task "health", 3rd check, on client: with rs2 down, 4 new connections all reach rs1.
N=4 i=0
while [ "$i" -lt "$N" ]; do
  i=$((i + 1))
  body=$(http_get "http://$VIP/" --connect-timeout 4 2>/dev/null) ||
    fail "request $i of $N to $VIP:80 failed while rs2 is down: the service must go on with rs1 alone (is the VIP up on lb1? are rs1 and the service in ipvsadm -Ln?)"
  [ "$body" = rs1 ] || fail "request $i of $N was answered by '$(printf %s "$body" | head -c 40)' while rs2 is down: only rs1 should answer"
done
pass "all $N new connections went to rs1 while rs2 was down"
