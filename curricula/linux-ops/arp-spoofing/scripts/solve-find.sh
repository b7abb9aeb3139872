set -eu
# Two MACs answer for the gateway's address; the one that also answers for rogue's own
# address is the impostor.
arping -c 3 -w 4 -I eth0 "$GATEWAY_IP" </dev/null || true
ping -c 1 -W 2 "$ROGUE_IP" >/dev/null </dev/null
ip neigh show
mac=$(ip neigh show to "$ROGUE_IP" dev eth0 | awk '{ for (i = 1; i < NF; i++) if ($i == "lladdr") print $(i + 1) }')
[ -n "$mac" ]
echo "$mac" > /root/rogue-mac
cat /root/rogue-mac
