set -eu
# other's real MAC, from an ARP reply (arping reads replies itself, the cache plays no part).
real=$(arping -c 1 -w 2 -I eth0 "$OTHER_IP" </dev/null 2>/dev/null |
  awk '/reply from/ { gsub(/[][]/, "", $5); print tolower($5); exit }') || true
[ -n "$real" ] || broken "other ($OTHER_IP) does not answer ARP; the lab is not as set up"

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
