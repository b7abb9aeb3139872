set -eu
file=/root/pmtu.txt
[ -f "$file" ] || fail "there is no $file on client yet: write the largest payload and the path MTU into it, for example: echo '1234 1262' > $file"
set -- $(grep -oE '[0-9]+' "$file" | head -n 2 | tr '\n' ' ')
[ "$#" -eq 2 ] || fail "$file should hold two numbers, the largest ICMP payload and the path MTU; it holds '$(head -c 80 "$file" | tr '\n' ' ')'"
payload=$1 mtu=$2
m=$(cat /sys/class/net/eth0/mtu)
[ "$m" = 1500 ] || fail "client's eth0 has MTU $m: leave the left link at 1500 (ip link set dev eth0 mtu 1500); the smaller hop is further along the path"
# Measure the real path: the payload must pass with DF set, one byte more must not. One echo
# can be lost on a busy host: ping -c 1 -w 1 -i 0.2 sends up to 5 echoes in 1 s and stops at the
# first reply (exit 0); the payload passes on any reply, and one byte more fails on any reply.
if ! ping -c 1 -w 1 -i 0.2 -M do -s "$payload" "$SERVER_IP" >/dev/null 2>&1; then
  cached=$(ip route get "$SERVER_IP" 2>/dev/null | awk '{ for (i = 1; i < NF; i++) if ($i == "mtu") print $(i + 1) }')
  [ -z "$cached" ] || [ "$((payload + 28))" -le "$cached" ] ||
    fail "$file says $payload bytes of payload pass, but ping -M do -s $payload $SERVER_IP fails: client remembers a path MTU of $cached for server (ip route get $SERVER_IP), learnt from the router earlier; it forgets it after 10 minutes, or at once with ip route flush cache. Measure again"
  fail "$file says $payload bytes of payload pass, but ping -M do -s $payload $SERVER_IP fails: the path lets less through (or server is unreachable: ping $SERVER_IP)"
fi
if ping -c 1 -w 1 -i 0.2 -M do -s "$((payload + 1))" "$SERVER_IP" >/dev/null 2>&1; then
  [ "$payload" -lt 1472 ] || fail "ping -M do -s $((payload + 1)) $SERVER_IP passes: the path MTU is still 1500 or more; set the right link's MTU to 1400 first"
  fail "$file says $payload is the largest payload, but ping -M do -s $((payload + 1)) $SERVER_IP passes as well: look for the largest size that passes"
fi
[ "$payload" -lt 1472 ] || fail "the path MTU is still 1500: set the right link's MTU to 1400 first, then measure"
[ "$mtu" = "$((payload + 28))" ] ||
  fail "$payload is the right payload, but $mtu is not the path MTU: an echo request is the payload + 8 bytes of ICMP header + 20 bytes of IP header"
pass "the largest payload that reaches server with DF set is $payload bytes, so the path MTU is $mtu (ping -M do -s $((payload + 1)) is refused)"
