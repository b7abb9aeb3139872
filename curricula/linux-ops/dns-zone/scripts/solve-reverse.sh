set -eu
net=${LAN_SUBNET%/*}
rev=$(echo "$net" | awk -F. '{ print $3 "." $2 "." $1 ".in-addr.arpa" }')
cat > "/etc/bind/db.$rev" <<ZONE
\$TTL 300
@       IN SOA  ns.lab.test. hostmaster.lab.test. ( 2024010101 3600 900 1209600 300 )
        IN NS   ns.lab.test.
${NS_IP##*.}      IN PTR  ns.lab.test.
${WEB_IP##*.}      IN PTR  web.lab.test.
${CLIENT_IP##*.}      IN PTR  client.lab.test.
ZONE
grep -q "\"$rev\"" /etc/bind/named.conf.local ||
  printf 'zone "%s" {\n    type master;\n    file "/etc/bind/db.%s";\n};\n' "$rev" "$rev" >> /etc/bind/named.conf.local
named-checkconf
named-checkzone "$rev" "/etc/bind/db.$rev"
rndc reconfig
for _ in $(seq 50); do
  dig @"$NS_IP" +norec +short -x "$WEB_IP" | grep -qx 'web.lab.test.' && exit 0
  sleep 0.2
done
echo "named does not serve $rev" >&2
exit 1
