set -eu
for i in 1 2 3 4; do
  curl -sS --max-time 5 -H 'Connection: close' "http://$VIP/"
done
