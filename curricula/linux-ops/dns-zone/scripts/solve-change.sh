set -eu
f=/etc/bind/db.lab.test
grep -q '^api[[:space:]]' "$f" || echo "api     IN A    $WEB_IP" >> "$f"
sed -i 's/2024010101 ; serial/2024010102 ; serial/' "$f"
named-checkzone lab.test "$f"
rndc reload lab.test
for _ in $(seq 50); do
  dig @"$NS_IP" +norec +short api.lab.test A | grep -qx "$WEB_IP" && exit 0
  sleep 0.2
done
echo "named does not serve api.lab.test" >&2
exit 1
