set -eu
real=$(arp_macs "$OTHER_IP")
[ -n "$real" ] || fail_t other-no-arp-answer other_ip="$OTHER_IP"
[ "$(printf '%s\n' "$real" | wc -l)" -eq 1 ] ||
  fail_t other-several-macs other_ip="$OTHER_IP" macs="$(echo $real)" lan_prefix="$LAN_PREFIX"

entry=$(ip neigh show to "$OTHER_IP" dev eth0 2>/dev/null)
cached=$(neigh_mac "$OTHER_IP")
case "$entry" in
  *PERMANENT*)
    [ "$cached" = "$real" ] ||
      fail_t other-pinned-wrong other_ip="$OTHER_IP" cached="$cached" real="$real"
    ;;
esac
if ! ping -c 1 -W 2 "$OTHER_IP" >/dev/null 2>&1 </dev/null; then
  [ -n "$entry" ] || fail_t other-unreachable-no-entry other_ip="$OTHER_IP"
  fail_t other-unreachable other_ip="$OTHER_IP" entry="$entry"
fi
cached=$(neigh_mac "$OTHER_IP")
if [ "$cached" != "$real" ]; then
  [ -n "$cached" ] || fail_t other-cache-empty other_ip="$OTHER_IP" real="$real"
  fail_t other-cache-wrong other_ip="$OTHER_IP" cached="$cached" real="$real"
fi
pass_t other-reachable real="$real"
