set -eu
# The gateway's real MAC is fixed by the lab: 02:42 and the four octets of its address.
gw_mac=$(printf '02:42:%02x:%02x:%02x:%02x' $(printf '%s' "$GATEWAY_IP" | tr . ' '))
gw_hex=$(printf '0x%02x%02x%02x%02x' $(printf '%s' "$GATEWAY_IP" | tr . ' '))
rogue_mac=$(arp_macs "$ROGUE_IP" | head -n 1)

# 1. The entry itself.
entry=$(ip neigh show to "$GATEWAY_IP" dev eth0 2>/dev/null)
[ -n "$entry" ] || fail_t gw-no-entry gateway_ip="$GATEWAY_IP"
state=$(printf '%s\n' "$entry" | awk '{ print $NF }')
cached=$(printf '%s\n' "$entry" | awk '{ for (i = 1; i < NF; i++) if ($i == "lladdr") { print tolower($(i + 1)); exit } }')
case "$entry" in
  *PERMANENT*)
    [ "$cached" != "$rogue_mac" ] ||
      fail_t gw-pinned-to-rogue gateway_ip="$GATEWAY_IP" cached="$cached"
    [ "$cached" = "$gw_mac" ] ||
      fail_t gw-pinned-wrong gateway_ip="$GATEWAY_IP" cached="$cached" gw_mac="$gw_mac"
    ;;
  *)
    if [ -n "$cached" ] && [ "$cached" = "$rogue_mac" ]; then
      fail_t gw-learnt-rogue gateway_ip="$GATEWAY_IP" state="$state" cached="$cached"
    fi
    if [ "$cached" = "$gw_mac" ]; then
      fail_t gw-learnt-right gateway_ip="$GATEWAY_IP" state="$state"
    fi
    [ -z "$cached" ] || fail_t gw-learnt-at gateway_ip="$GATEWAY_IP" state="$state" cached="$cached"
    fail_t gw-learnt gateway_ip="$GATEWAY_IP" state="$state"
    ;;
esac

# 2. The attack must still be going on, or the test proves nothing: a forged ARP packet that
# claims the gateway's address from another MAC must reach client within 4 s.
forged=$(timeout 4 tcpdump -p -n -e -c 1 -i eth0 "arp and arp[14:4] = $gw_hex and not ether src $gw_mac" 2>/dev/null </dev/null || true)
[ -n "$forged" ] ||
  fail_t poisoner-stopped gateway_ip="$GATEWAY_IP"

# 3. Behaviour under attack: the real gateway's page, five times over about 3 s.
i=0
while [ "$i" -lt 5 ]; do
  i=$((i + 1))
  body=$(http_get "http://$GATEWAY_IP/" 2>&1) ||
    fail_t gw-fetch-failed gateway_ip="$GATEWAY_IP" body="$body"
  case "$body" in
    *"This is the real gateway"*) ;;
    *"enter your password"*) fail_t gw-fake-page i="$i" gateway_ip="$GATEWAY_IP" ;;
    *) fail_t gw-unexpected-page i="$i" gateway_ip="$GATEWAY_IP" page="$(printf '%s' "$body" | tr -s '\n' ' ' | head -c 80)" ;;
  esac
  sleep 0.6
done
now=$(neigh_mac "$GATEWAY_IP")
if [ "$now" != "$gw_mac" ]; then
  [ -n "$now" ] || fail_t gw-entry-emptied gateway_ip="$GATEWAY_IP"
  fail_t gw-entry-changed gateway_ip="$GATEWAY_IP" now="$now"
fi
pass_t static-defence-ok gateway_ip="$GATEWAY_IP" gw_mac="$gw_mac"
