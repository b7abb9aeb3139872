set -eu
# The gateway's real MAC is fixed by the lab: 02:42 and the four octets of its address.
gw_mac=$(printf '02:42:%02x:%02x:%02x:%02x' $(printf '%s' "$GATEWAY_IP" | tr . ' '))
gw_hex=$(printf '0x%02x%02x%02x%02x' $(printf '%s' "$GATEWAY_IP" | tr . ' '))
rogue_mac=$(arp_macs "$ROGUE_IP" | head -n 1)
fix="pin the gateway's real MAC (ip link show eth0 on gateway) with a static entry: ip neigh replace $GATEWAY_IP lladdr MAC dev eth0 nud permanent, or arp -s $GATEWAY_IP MAC"

# 1. The entry itself.
entry=$(ip neigh show to "$GATEWAY_IP" dev eth0 2>/dev/null)
[ -n "$entry" ] || fail "client has no ARP entry for the gateway ($GATEWAY_IP): $fix"
state=$(printf '%s\n' "$entry" | awk '{ print $NF }')
cached=$(printf '%s\n' "$entry" | awk '{ for (i = 1; i < NF; i++) if ($i == "lladdr") { print tolower($(i + 1)); exit } }')
case "$entry" in
  *PERMANENT*)
    [ "$cached" != "$rogue_mac" ] ||
      fail "client pins $GATEWAY_IP to $cached PERMANENT, but that is rogue's MAC: now every packet for the gateway goes to the attacker for good. Replace it with the gateway's real MAC (ip link show eth0 on gateway)"
    [ "$cached" = "$gw_mac" ] ||
      fail "client pins $GATEWAY_IP to $cached, but the gateway's eth0 MAC is $gw_mac (ip link show eth0 on gateway)"
    ;;
  *)
    if [ -n "$cached" ] && [ "$cached" = "$rogue_mac" ]; then
      fail "client's entry for $GATEWAY_IP is $state at $cached, rogue's MAC: the poisoning still works; $fix"
    fi
    if [ "$cached" = "$gw_mac" ]; then
      fail "client's entry for $GATEWAY_IP is $state at the gateway's MAC just now, but it was learnt by ARP, so the next forged packet overwrites it: make it static (nud permanent, or arp -s)"
    fi
    fail "client's entry for $GATEWAY_IP is ${state}${cached:+ at $cached}, learnt by ARP; $fix"
    ;;
esac

# 2. The attack must still be going on, or the test proves nothing: a forged ARP packet that
# claims the gateway's address from another MAC must reach client within 4 s.
forged=$(timeout 4 tcpdump -p -n -e -c 1 -i eth0 "arp and arp[14:4] = $gw_hex and not ether src $gw_mac" 2>/dev/null </dev/null || true)
[ -n "$forged" ] ||
  fail "client's static entry is right, but no forged ARP packet for $GATEWAY_IP arrived in 4 s: the poisoner on rogue has stopped, so this test would prove nothing. Start it again on rogue (/opt/rogue/start-poisoner) and check again"

# 3. Behaviour under attack: the real gateway's page, five times over about 3 s.
i=0
while [ "$i" -lt 5 ]; do
  i=$((i + 1))
  body=$(http_get "http://$GATEWAY_IP/" 2>&1) ||
    fail "client cannot fetch http://$GATEWAY_IP/ ($body): is the static entry on eth0, with the gateway's MAC?"
  case "$body" in
    *"This is the real gateway"*) ;;
    *"enter your password"*) fail "request $i to http://$GATEWAY_IP/ got rogue's fake page (\"Please enter your password again\"): traffic for the gateway still goes to rogue" ;;
    *) fail "request $i to http://$GATEWAY_IP/ got an unexpected page: $(printf '%s' "$body" | tr -s '\n' ' ' | head -c 80)" ;;
  esac
  sleep 0.6
done
now=$(neigh_mac "$GATEWAY_IP")
[ "$now" = "$gw_mac" ] || fail "client's entry for $GATEWAY_IP changed to ${now:-nothing} during the test"
pass "under attack, client keeps $GATEWAY_IP at $gw_mac (PERMANENT) and gets the real gateway's page every time"
