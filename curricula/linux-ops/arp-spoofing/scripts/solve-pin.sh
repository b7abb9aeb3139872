set -eu
# The gateway's real MAC: ask the gateway itself. From client, arping shows both MACs; the
# real one is the MAC that does not also answer for rogue's address.
rogue=$(arping -c 2 -w 3 -I eth0 "$ROGUE_IP" </dev/null | awk '/reply from/ { gsub(/[][]/, "", $5); print tolower($5); exit }')
real=$(arping -c 3 -w 4 -I eth0 "$GATEWAY_IP" </dev/null | awk -v r="$rogue" '/reply from/ { gsub(/[][]/, "", $5); m = tolower($5); if (m != r) { print m; exit } }')
[ -n "$real" ]
ip neigh replace "$GATEWAY_IP" lladdr "$real" dev eth0 nud permanent
ip neigh show to "$GATEWAY_IP"
