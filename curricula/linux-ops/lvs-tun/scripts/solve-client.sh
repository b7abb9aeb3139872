set -eu
ip neigh del "$VIP" dev eth0 2>/dev/null || true
for i in 1 2 3 4; do curl -sS --max-time 5 -H 'Connection: close' "http://$VIP/"; done
