set -eu
# IPv4 only, and bounded: the lab has no DNS upstream, so a name that is not in /etc/hosts
# takes 10 s to fail (and plain `getent hosts` asks for IPv6 first, which /etc/hosts lacks).
got=$(timeout 3 getent ahostsv4 shop.lab 2>/dev/null | awk '{ print $1; exit }')
[ -n "$got" ] || fail "client cannot resolve shop.lab: add '$WEB_IP shop.lab' to client's /etc/hosts"
[ "$got" = "$WEB_IP" ] || fail "client resolves shop.lab to $got, but web is $WEB_IP: fix the line in client's /etc/hosts"
body=$(http_get http://shop.lab/ 2>/dev/null) || fail "shop.lab resolves to $WEB_IP, but nothing answers HTTP there: is nginx running on web?"
case "$body" in
  *'Welcome to the lab shop'*) pass "curl http://shop.lab/ on client gets the shop page" ;;
esac
fail "curl http://shop.lab/ on client does not get the shop page (task 'Serve shop.lab as a virtual host')"
