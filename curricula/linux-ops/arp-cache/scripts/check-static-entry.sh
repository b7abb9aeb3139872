set -eu
real=$(arp_macs "$SERVER_IP")
[ "$(printf '%s\n' "$real" | wc -l)" -le 1 ] ||
  fail "several MACs answer ARP for $SERVER_IP ($(echo $real)): another host claims server's address, for example a /$LAN_PREFIX address on its lo, which makes the whole subnet its own (use /32)"
entry=$(ip neigh show to "$SERVER_IP" dev eth0 2>/dev/null)
[ -n "$entry" ] ||
  fail "client has no ARP entry for server ($SERVER_IP): add a static one (arp -s $SERVER_IP MAC, or ip neigh replace $SERVER_IP lladdr MAC dev eth0 nud permanent)"
state=$(printf '%s\n' "$entry" | awk '{ print $NF }')
case "$entry" in
  *PERMANENT*) ;;
  *) fail "client's entry for $SERVER_IP is $state: learnt by ARP, so it expires and any ARP reply can overwrite it. Make it static (arp -s $SERVER_IP MAC, or ip neigh replace ... nud permanent)" ;;
esac
cached=$(printf '%s\n' "$entry" | awk '{ for (i = 1; i < NF; i++) if ($i == "lladdr") { print tolower($(i + 1)); exit } }')
if [ -z "$real" ]; then
  fail "server ($SERVER_IP) does not answer ARP for its own address, so its real MAC cannot be confirmed: is arp_ignore 8 on server?"
fi
[ "$cached" = "$real" ] ||
  fail "client pins $SERVER_IP to $cached, but server's eth0 MAC is $real"
ping -c 1 -W 2 "$SERVER_IP" >/dev/null 2>&1 </dev/null ||
  fail "client has the right static entry for $SERVER_IP, but cannot ping server"
pass "client has $SERVER_IP at $real, PERMANENT"
