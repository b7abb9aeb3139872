set -eu
real=$(arp_macs "$SERVER_IP")
[ "$(printf '%s\n' "$real" | wc -l)" -le 1 ] ||
  fail_t server-several-macs server_ip="$SERVER_IP" macs="$(echo $real)" lan_prefix="$LAN_PREFIX"
entry=$(ip neigh show to "$SERVER_IP" dev eth0 2>/dev/null)
[ -n "$entry" ] ||
  fail_t server-no-entry server_ip="$SERVER_IP"
state=$(printf '%s\n' "$entry" | awk '{ print $NF }')
case "$entry" in
  *PERMANENT*) ;;
  *) fail_t server-entry-not-static server_ip="$SERVER_IP" state="$state" ;;
esac
cached=$(printf '%s\n' "$entry" | awk '{ for (i = 1; i < NF; i++) if ($i == "lladdr") { print tolower($(i + 1)); exit } }')
if [ -z "$real" ]; then
  fail_t server-silent server_ip="$SERVER_IP"
fi
[ "$cached" = "$real" ] ||
  fail_t server-pinned-wrong server_ip="$SERVER_IP" cached="$cached" real="$real"
ping -c 1 -W 2 "$SERVER_IP" >/dev/null 2>&1 </dev/null ||
  fail_t server-ping-fails server_ip="$SERVER_IP"
pass_t server-pinned server_ip="$SERVER_IP" real="$real"
