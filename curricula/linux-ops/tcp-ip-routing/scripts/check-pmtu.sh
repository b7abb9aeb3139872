set -eu
file=/root/pmtu.txt
[ -f "$file" ] || fail_t pmtu-file-missing file="$file"
set -- $(grep -oE '[0-9]+' "$file" | head -n 2 | tr '\n' ' ')
[ "$#" -eq 2 ] || fail_t pmtu-file-format file="$file" content="$(head -c 80 "$file" | tr '\n' ' ')"
payload=$1 mtu=$2
m=$(cat /sys/class/net/eth0/mtu)
[ "$m" = 1500 ] || fail_t client-mtu-changed m="$m"
# Measure the real path: the payload must pass with DF set, one byte more must not. One echo
# can be lost on a busy host: ping -c 1 -w 1 -i 0.2 sends up to 5 echoes in 1 s and stops at the
# first reply (exit 0); the payload passes on any reply, and one byte more fails on any reply.
if ! ping -c 1 -w 1 -i 0.2 -M do -s "$payload" "$SERVER_IP" >/dev/null 2>&1; then
  cached=$(ip route get "$SERVER_IP" 2>/dev/null | awk '{ for (i = 1; i < NF; i++) if ($i == "mtu") print $(i + 1) }')
  [ -z "$cached" ] || [ "$((payload + 28))" -le "$cached" ] ||
    fail_t pmtu-cached file="$file" payload="$payload" server_ip="$SERVER_IP" cached="$cached"
  fail_t pmtu-payload-too-big file="$file" payload="$payload" server_ip="$SERVER_IP"
fi
if ping -c 1 -w 1 -i 0.2 -M do -s "$((payload + 1))" "$SERVER_IP" >/dev/null 2>&1; then
  [ "$payload" -lt 1472 ] || fail_t pmtu-still-1500-big size="$((payload + 1))" server_ip="$SERVER_IP"
  fail_t pmtu-payload-too-small file="$file" payload="$payload" size="$((payload + 1))" server_ip="$SERVER_IP"
fi
[ "$payload" -lt 1472 ] || fail_t pmtu-still-1500
[ "$mtu" = "$((payload + 28))" ] ||
  fail_t pmtu-mtu-wrong payload="$payload" mtu="$mtu"
pass_t pmtu-ok payload="$payload" mtu="$mtu" size="$((payload + 1))"
