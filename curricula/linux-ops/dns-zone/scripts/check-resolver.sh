set -eu
# The system resolver (what every program uses), not dig: getent asks through nsswitch.
if grep -v '^[[:space:]]*#' /etc/hosts | grep -qi 'lab\.test'; then
  fail "client's /etc/hosts has lab.test names: that bypasses DNS, and is exactly what the name server replaces. Remove those lines (edit /etc/hosts with vim or nano) and point /etc/resolv.conf at ns"
fi
servers=$(awk '$1 == "nameserver" { print $2 }' /etc/resolv.conf | tr '\n' ' ')
case " $servers " in
  *" $NS_IP "*) ;;
  *) fail "client's /etc/resolv.conf does not name ns as its name server (nameserver: ${servers% }): write 'nameserver $NS_IP' in it" ;;
esac
grep -q '^hosts:.*dns' /etc/nsswitch.conf ||
  fail "the hosts: line of /etc/nsswitch.conf does not include dns, so the resolver never asks a name server"
got=$(timeout 5 getent ahostsv4 web.lab.test 2>/dev/null | awk '{ print $1; exit }') || true
[ -n "$got" ] || fail "client cannot resolve web.lab.test through its resolver (getent ahostsv4 web.lab.test), although resolv.conf names $NS_IP: does 'dig @$NS_IP web.lab.test' answer (first task)?"
[ "$got" = "$WEB_IP" ] || fail "client resolves web.lab.test to $got, expected $WEB_IP"
got=$(timeout 5 getent ahostsv4 www.lab.test 2>/dev/null | awk '{ print $1; exit }') || true
[ "$got" = "$WEB_IP" ] || fail "client resolves web.lab.test but not www.lab.test (got: ${got:-nothing}): check the CNAME (first task)"
search=$(awk '$1 == "search" || $1 == "domain" { $1 = ""; print }' /etc/resolv.conf | tr '\n' ' ')
got=$(timeout 5 getent ahostsv4 mail 2>/dev/null | awk '{ print $1; exit }') || true
if [ "$got" != "$WEB_IP" ]; then
  case " $search " in
    *' lab.test '*) fail "resolv.conf has 'search lab.test', but the short name mail does not resolve to $WEB_IP (got: ${got:-nothing})" ;;
  esac
  fail "the short name mail does not resolve on client (getent ahostsv4 mail): add 'search lab.test' to /etc/resolv.conf, so that the resolver tries mail.lab.test"
fi
body=$(http_get http://www.lab.test/ 2>/dev/null) || fail "www.lab.test resolves to $WEB_IP, but curl http://www.lab.test/ gets no answer from web"
case "$body" in
  *'Hello from web.lab.test'*) ;;
  *) fail "curl http://www.lab.test/ does not get web's page (got: $(printf '%s' "$body" | head -c 60))" ;;
esac
pass "client resolves web.lab.test, www.lab.test and mail through ns, and gets web's page by name"
