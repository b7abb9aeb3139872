set -eu
me=$OPSLAB_HOST
dip=$DIRECTOR_PRIVATE_IP
# 1. The point of full NAT: this server's way to the client does not pass the director.
route=$(ip -o route get "$CLIENT_IP" 2>/dev/null || true)
via=$(printf '%s\n' "$route" | awk '{ for (i = 1; i < NF; i++) if ($i == "via") { print $(i + 1); exit } }')
[ "$via" != "$dip" ] ||
  fail_t rs-routes-via-dip host="$me" client_ip="$CLIENT_IP" dip="$dip" router_ip="$ROUTER_PRIVATE_IP" public_subnet="$PUBLIC_SUBNET"
ip -o route show | grep -q " via $dip" &&
  fail_t rs-has-dip-route host="$me" dip="$dip" route="$(ip -o route show | grep " via $dip" | head -n 1)"
# 2. Whom this server has been talking to: the source of the last request nginx logged.
log=/var/log/nginx/rs-access.log
[ -s "$log" ] ||
  fail_t rs-no-request host="$me" vip="$VIP"
last=$(tail -n 1 "$log" | awk '{ print $1 }')
case "$last" in
  "$dip")
    [ -z "$via" ] || pass_t rs-ok-via host="$me" via="$via" dip="$dip"
    pass_t rs-ok host="$me" dip="$dip" ;;
  "$CLIENT_IP") fail_t rs-last-from-client host="$me" client_ip="$CLIENT_IP" ;;
  *) fail_t rs-last-from-other host="$me" last="$last" dip="$dip" ;;
esac
