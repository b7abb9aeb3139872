set -eu
mac=$(arping -c 1 -w 2 -I eth0 "$SERVER_IP" </dev/null | awk '/reply from/ { gsub(/[][]/, "", $5); print tolower($5); exit }')
[ -n "$mac" ]
arp -s "$SERVER_IP" "$mac"
ip neigh show to "$SERVER_IP"
