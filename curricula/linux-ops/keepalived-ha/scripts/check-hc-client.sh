set -eu
# Task "health", 3rd check, on client: with rs2 down, 4 new connections all reach rs1.
N=4 i=0
while [ "$i" -lt "$N" ]; do
  i=$((i + 1))
  body=$(http_get "http://$VIP/" --connect-timeout 4 2>/dev/null) ||
    fail_t hc-client-request-failed i="$i" n="$N" vip="$VIP"
  [ "$body" = rs1 ] || fail_t hc-client-wrong-server i="$i" n="$N" body="$(printf %s "$body" | head -c 40)"
done
pass_t hc-client-ok n="$N"
