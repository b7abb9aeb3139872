set -eu
trap 'ip neigh del "$VIP" dev eth0 2>/dev/null || true' EXIT

server_mac=$(arp_macs "$SERVER_IP")
[ -n "$server_mac" ] ||
  fail "server no longer answers ARP for its own address $SERVER_IP: arp_ignore 8 (or an ARP filter) ignores every request. Use arp_ignore=1, which still answers for addresses on eth0"
[ "$(printf '%s\n' "$server_mac" | wc -l)" -eq 1 ] ||
  fail "several MACs answer ARP for $SERVER_IP ($(echo $server_mac)): another host claims server's address, for example a /$LAN_PREFIX address on its lo (use /32)"

# 1. Nobody may answer ARP for the VIP, and client's kernel must learn no MAC for it.
ip neigh del "$VIP" dev eth0 2>/dev/null || true
answers=$(arp_macs "$VIP")
for mac in $answers; do
  if [ "$mac" = "$server_mac" ]; then
    fail "server ($SERVER_IP, $mac) still answers ARP for $VIP: the request arrives on server's eth0, so arp_ignore must be 1 in max(all, eth0) there"
  fi
  fail "$mac (not server's $server_mac) answers ARP for $VIP: only server should hold $VIP, and only on lo"
done
ping -c 1 -W 1 "$VIP" >/dev/null 2>&1 </dev/null || true
learnt=$(neigh_mac "$VIP")
[ -z "$learnt" ] || fail "client's kernel resolved $VIP to $learnt after a ping: something still answers ARP for it"

# 2. server must still accept packets for the VIP: send to server's MAC directly, the way an
# LVS-DR director does, and expect an answer from the VIP.
ip neigh replace "$VIP" lladdr "$server_mac" dev eth0 nud permanent
ping -c 1 -W 2 "$VIP" >/dev/null 2>&1 </dev/null ||
  fail "nobody answers ARP for $VIP, but server does not accept packets for $VIP sent to its MAC either: keep $VIP on server's lo as a /32 (task 'Give server an extra address on lo')"
pass "no MAC answers ARP for $VIP, server answers ARP for $SERVER_IP at $server_mac and accepts packets for $VIP"
