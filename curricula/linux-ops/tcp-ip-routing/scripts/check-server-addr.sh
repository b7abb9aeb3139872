set -eu
plan_addr
where=$(addr_where "$second")
if [ -z "$where" ]; then
  # Name the common wrong answers: an address of that /26 that is not its last usable one.
  near=$(ip -o -4 addr show | awk -v b="${RIGHT_SUBNET%.*}." -v own="$SERVER_IP" '
    { split($4, a, "/"); if (index(a[1], b) == 1 && a[1] != own) { print a[1] "/" a[2]; exit } }')
  case "$near" in
    '') fail "server has no address but $SERVER_IP on the right network yet: add the last usable address of the third /26 of $RIGHT_SUBNET, with prefix /26, on eth0" ;;
    *.191/*) fail "server has ${near%/*}: that is the broadcast address of $second_net (the last address of a subnet), which no host may use: take the one before it" ;;
    *.192/*) fail "server has ${near%/*}: that is the network address of the fourth /26, not an address of the third; the third /26 of $RIGHT_SUBNET is $second_net" ;;
    *.128/*) fail "server has ${near%/*}: that is the network address of the third /26 (its first address); the task asks for its last usable address" ;;
    *.129/*) fail "server has ${near%/*}: that is the first usable address of the third /26; the task asks for the last usable one" ;;
    *) fail "server has $near, which is not the last usable address of the third /26 of $RIGHT_SUBNET: a /26 holds 64 addresses, so the four /26 start at .0, .64, .128 and .192; the last address of each is its broadcast" ;;
  esac
fi
dev=$(printf '%s\n' "$where" | awk 'NR == 1 { print $1 }')
prefix=$(printf '%s\n' "$where" | awk 'NR == 1 { print $2 }')
[ "$prefix" = 26 ] || fail "server has $second, but as /$prefix: the plan says /26 (ip addr del $second/$prefix dev $dev; ip addr add $second/26 dev eth0)"
[ "$dev" = eth0 ] || fail "server has $second/26 on $dev: it belongs on eth0, the interface on the right network, or the router cannot reach it by ARP"
has_addr "$SERVER_IP" || fail "server no longer has $SERVER_IP: the new address goes next to it (ip addr add $SERVER_IP/$RIGHT_PREFIX dev eth0)"
pass "server holds $second/26 on eth0 (the third /26 is $second_net), next to $SERVER_IP"
