set -eu
# IPv4 only, and bounded: the lab has no DNS upstream, so a name that is not in /etc/hosts
# takes 10 s to fail (and plain `getent hosts` asks for IPv6 first, which /etc/hosts lacks).
got=$(timeout 3 getent ahostsv4 shop.lab 2>/dev/null | awk '{ print $1; exit }')
[ -n "$got" ] || fail_t name-not-resolved web_ip="$WEB_IP"
[ "$got" = "$WEB_IP" ] || fail_t name-wrong-addr got="$got" web_ip="$WEB_IP"
body=$(http_get http://shop.lab/ 2>/dev/null) || fail_t name-no-http web_ip="$WEB_IP"
case "$body" in
  *'Welcome to the lab shop'*) pass_t name-ok ;;
esac
fail_t name-not-shop
