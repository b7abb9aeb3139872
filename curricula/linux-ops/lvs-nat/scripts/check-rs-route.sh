set -eu
me=$OPSLAB_HOST
dip=$DIRECTOR_PRIVATE_IP
# How this real server would send a reply to the client (the client's address is what the
# reply is addressed to: in NAT the real server sees the client's own address).
route=$(ip -o route get "$CLIENT_IP" 2>/dev/null || true)
[ -n "$route" ] ||
  fail_t rs-no-default-route host="$me" routes="$(ip route | awk '{ print $1 }' | paste -sd, -)" client_ip="$CLIENT_IP" dip="$dip"
via=$(printf '%s\n' "$route" | awk '{ for (i = 1; i < NF; i++) if ($i == "via") { print $(i + 1); exit } }')
[ "$via" = "$dip" ] ||
  if [ -n "$via" ]; then
    fail_t rs-route-via-other host="$me" client_ip="$CLIENT_IP" via="$via" dip="$dip"
  else
    fail_t rs-route-direct host="$me" client_ip="$CLIENT_IP" dip="$dip"
  fi
ping -c 1 -W 3 "$dip" >/dev/null 2>&1 </dev/null ||
  fail_t dip-no-ping host="$me" dip="$dip"
pass_t rs-route-ok host="$me" public_subnet="$PUBLIC_SUBNET" dip="$dip"
