set -eu
cat > /etc/bind/db.lab.test <<ZONE
\$TTL 300
@       IN SOA  ns.lab.test. hostmaster.lab.test. (
                2024010101 ; serial
                3600       ; refresh
                900        ; retry
                1209600    ; expire
                300 )      ; negative-answer TTL
        IN NS   ns.lab.test.
        IN MX   10 mail.lab.test.
ns      IN A    $NS_IP
web     IN A    $WEB_IP
client  IN A    $CLIENT_IP
mail    IN A    $WEB_IP
www     IN CNAME web
ZONE
grep -q '"lab.test"' /etc/bind/named.conf.local ||
  printf 'zone "lab.test" {\n    type master;\n    file "/etc/bind/db.lab.test";\n};\n' >> /etc/bind/named.conf.local
named-checkconf
named-checkzone lab.test /etc/bind/db.lab.test
if pgrep -x named >/dev/null; then rndc reconfig; rndc reload lab.test; else named -u bind; fi
for _ in $(seq 50); do
  dig @"$NS_IP" +norec +short lab.test SOA | grep -q ' 2024010101 ' && exit 0
  sleep 0.2
done
echo "named does not serve lab.test" >&2
exit 1
