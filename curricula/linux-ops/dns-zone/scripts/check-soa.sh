set -eu
# Ask ns directly (+norec: only what ns itself knows) for the SOA of lab.test.
out=$(dig @"$NS_IP" +norec +time=2 +tries=1 lab.test SOA 2>&1) || true
status=$(printf '%s\n' "$out" | sed -n 's/.*status: \([A-Z]*\),.*/\1/p' | head -n 1)
flags=$(printf '%s\n' "$out" | sed -n 's/^;; flags: \([^;]*\);.*/\1/p' | head -n 1)
case "$status" in
  '')
    case "$out" in
      *'connection refused'*) fail "nothing listens for DNS on ns ($NS_IP) port 53: named is not running there (named -u bind, or service named start), or it listens on 127.0.0.1 only (listen-on in named.conf.options)" ;;
    esac
    fail "ns ($NS_IP) does not answer DNS queries on port 53 (dig @$NS_IP lab.test SOA timed out): is named running, and does nothing on ns drop port 53?" ;;
  SERVFAIL) fail "ns answers SERVFAIL for lab.test: the zone is declared but named could not load it. On ns, named-checkzone lab.test <your zone file> says why; fix the file, then rndc reload lab.test" ;;
  REFUSED) fail "ns refuses to answer for lab.test: named does not serve that zone, and it does not recurse for client. Declare zone \"lab.test\" in /etc/bind/named.conf.local, then rndc reconfig (or restart named)" ;;
esac
case " $flags " in
  *' aa '*) ;;
  *) fail "ns answers for lab.test without authority (status $status, flags: $flags, no aa): named does not have the zone. Declare zone \"lab.test\" in /etc/bind/named.conf.local (named-checkconf -p shows what named reads), then rndc reconfig, or restart named" ;;
esac
[ "$status" = NOERROR ] || fail "ns answers $status for the SOA of lab.test (aa is set): is the zone really called lab.test?"
soa=$(printf '%s\n' "$out" | awk '$1 == "lab.test." && $4 == "SOA" { print; exit }')
[ -n "$soa" ] || fail "ns answers for lab.test with authority, but without an SOA record"
serial=$(printf '%s\n' "$soa" | awk '{ print $7 }')
case "$serial" in *[!0-9]* | '') broken "cannot read the serial from: $soa" ;; esac
[ "$serial" -ge 2024010101 ] ||
  fail "lab.test is served with serial $serial: start at 2024010101 as the task says (the YYYYMMDDnn convention: date of the change, then a two-digit counter)"
pass "ns answers for lab.test with authority (aa), serial $serial"
