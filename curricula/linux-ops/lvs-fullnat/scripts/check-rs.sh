set -eu
me=$OPSLAB_HOST
dip=$DIRECTOR_PRIVATE_IP
# 1. The point of full NAT: this server's way to the client does not pass the director.
route=$(ip -o route get "$CLIENT_IP" 2>/dev/null || true)
via=$(printf '%s\n' "$route" | awk '{ for (i = 1; i < NF; i++) if ($i == "via") { print $(i + 1); exit } }')
[ "$via" != "$dip" ] ||
  fail "$me sends traffic for the client ($CLIENT_IP) via the DIP $dip: that is the plain LVS-NAT set-up, which full NAT exists to avoid. Give $me its gateway back (ip route replace default via $ROUTER_PRIVATE_IP, and delete any route to $PUBLIC_SUBNET via $dip); the director's source NAT makes replies come back by themselves"
ip -o route show | grep -q " via $dip" &&
  fail "$me has a route via the DIP $dip ($(ip -o route show | grep " via $dip" | head -n 1)): full NAT needs no route through the director; remove it"
# 2. Whom this server has been talking to: the source of the last request nginx logged.
log=/var/log/nginx/rs-access.log
[ -s "$log" ] ||
  fail "nginx on $me has not served a single request yet: from client, curl -s -H 'Connection: close' http://$VIP/ a few times (a connection whose SYN-ACK never reaches the client never becomes a request)"
last=$(tail -n 1 "$log" | awk '{ print $1 }')
case "$last" in
  "$dip") pass "$me keeps its own gateway${via:+ ($via)} for the client's network, and its last request came from the DIP $dip" ;;
  "$CLIENT_IP") fail "the last request $me served came from the client's own address $CLIENT_IP: the director did not rewrite the source, and the reply got back only because $me was routing through the director at the time (plain NAT). SNAT on the director, then request again from client" ;;
  *) fail "the last request $me served came from $last, not from the DIP $dip" ;;
esac
