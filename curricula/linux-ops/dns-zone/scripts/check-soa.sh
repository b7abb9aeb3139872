set -eu
# Ask ns directly (+norec: only what ns itself knows) for the SOA of lab.test.
out=$(dig @"$NS_IP" +norec +time=2 +tries=1 lab.test SOA 2>&1) || true
status=$(printf '%s\n' "$out" | sed -n 's/.*status: \([A-Z]*\),.*/\1/p' | head -n 1)
flags=$(printf '%s\n' "$out" | sed -n 's/^;; flags: \([^;]*\);.*/\1/p' | head -n 1)
case "$status" in
  '')
    case "$out" in
      *'connection refused'*) fail_t dns-not-listening ns_ip="$NS_IP" ;;
    esac
    fail_t dns-timeout ns_ip="$NS_IP" ;;
  SERVFAIL) fail_t soa-servfail ;;
  REFUSED) fail_t soa-refused ;;
esac
case " $flags " in
  *' aa '*) ;;
  *) fail_t soa-not-authoritative status="$status" flags="$flags" ;;
esac
[ "$status" = NOERROR ] || fail_t soa-status status="$status"
soa=$(printf '%s\n' "$out" | awk '$1 == "lab.test." && $4 == "SOA" { print; exit }')
[ -n "$soa" ] || fail_t soa-missing
serial=$(printf '%s\n' "$soa" | awk '{ print $7 }')
case "$serial" in *[!0-9]* | '') broken "cannot read the serial from: $soa" ;; esac
[ "$serial" -ge 2024010101 ] ||
  fail_t serial-wrong serial="$serial"
pass_t soa-ok serial="$serial"
