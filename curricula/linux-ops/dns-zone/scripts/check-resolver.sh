set -eu
# The system resolver (what every program uses), not dig: getent asks through nsswitch.
if grep -v '^[[:space:]]*#' /etc/hosts | grep -qi 'lab\.test'; then
  fail_t hosts-has-lab
fi
servers=$(awk '$1 == "nameserver" { print $2 }' /etc/resolv.conf | tr '\n' ' ')
case " $servers " in
  *" $NS_IP "*) ;;
  *) fail_t resolv-not-ns servers="${servers% }" ns_ip="$NS_IP" ;;
esac
grep -q '^hosts:.*dns' /etc/nsswitch.conf ||
  fail_t nsswitch-no-dns
got=$(timeout 5 getent ahostsv4 web.lab.test 2>/dev/null | awk '{ print $1; exit }') || true
[ -n "$got" ] || fail_t resolve-web-fails ns_ip="$NS_IP"
[ "$got" = "$WEB_IP" ] || fail_t resolve-web-wrong got="$got" web_ip="$WEB_IP"
got=$(timeout 5 getent ahostsv4 www.lab.test 2>/dev/null | awk '{ print $1; exit }') || true
[ -n "$got" ] || fail_t resolve-www-nothing
[ "$got" = "$WEB_IP" ] || fail_t resolve-www-fails got="$got"
search=$(awk '$1 == "search" || $1 == "domain" { $1 = ""; print }' /etc/resolv.conf | tr '\n' ' ')
got=$(timeout 5 getent ahostsv4 mail 2>/dev/null | awk '{ print $1; exit }') || true
if [ "$got" != "$WEB_IP" ]; then
  case " $search " in
    *' lab.test '*)
      [ -n "$got" ] || fail_t search-nothing web_ip="$WEB_IP"
      fail_t search-wrong web_ip="$WEB_IP" got="$got" ;;
  esac
  fail_t search-missing
fi
body=$(http_get http://www.lab.test/ 2>/dev/null) || fail_t www-no-http web_ip="$WEB_IP"
case "$body" in
  *'Hello from web.lab.test'*) ;;
  *) fail_t www-wrong-page body="$(printf '%s' "$body" | head -c 60)" ;;
esac
pass_t resolver-ok
