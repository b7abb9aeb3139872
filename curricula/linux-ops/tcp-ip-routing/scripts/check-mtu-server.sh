set -eu
dev=$(dev_of "$SERVER_IP")
[ -n "$dev" ] || fail "server has lost its address $SERVER_IP"
m=$(cat "/sys/class/net/$dev/mtu")
[ "$m" = 1400 ] ||
  fail "server's $dev has MTU $m, not 1400: the right link carries 1400 now, and both ends of a link must agree. With $m, server sends packets up to $m bytes whole, and the router's interface drops every frame bigger than its own MTU without a word (a black hole for big replies). ip link set dev $dev mtu 1400"
# A 1428-byte packet: with MTU 1400 server splits it into fragments that pass; a server that
# sent it whole would lose it at the router.
ping -c 2 -i 0.3 -W 1 -s 1400 "$CLIENT_IP" >/dev/null 2>&1 ||
  fail "server's $dev is MTU 1400, but a 1428-byte ping from server (ping -s 1400 $CLIENT_IP) gets no answer: can server reach client at all (ping $CLIENT_IP)? Is the router's right interface 1400 too?"
pass "server's $dev has MTU 1400, and a 1428-byte packet to client arrives in fragments"
