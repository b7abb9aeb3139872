set -eu
real=$(arp_macs "$OTHER_IP")
[ -n "$real" ] || fail "nobody answers ARP for other's address $OTHER_IP: has other lost it (ip addr show eth0 on other)?"
[ "$(printf '%s\n' "$real" | wc -l)" -eq 1 ] ||
  fail "several MACs answer ARP for $OTHER_IP ($(echo $real)): another host claims other's address, for example a /$LAN_PREFIX address on its lo, which makes the whole subnet its own (use /32)"

entry=$(ip neigh show to "$OTHER_IP" dev eth0 2>/dev/null)
cached=$(neigh_mac "$OTHER_IP")
case "$entry" in
  *PERMANENT*)
    [ "$cached" = "$real" ] ||
      fail "client's ARP cache still pins $OTHER_IP to $cached (PERMANENT), but other's eth0 MAC is $real: delete that entry (ip neigh del $OTHER_IP dev eth0, or arp -d $OTHER_IP)"
    ;;
esac
ping -c 1 -W 2 "$OTHER_IP" >/dev/null 2>&1 </dev/null ||
  fail "client still cannot ping other ($OTHER_IP); its cache says: ${entry:-no entry}"
cached=$(neigh_mac "$OTHER_IP")
[ "$cached" = "$real" ] ||
  fail "client's ARP cache maps $OTHER_IP to ${cached:-nothing}, but other's eth0 MAC is $real"
pass "client reaches other at $real"
