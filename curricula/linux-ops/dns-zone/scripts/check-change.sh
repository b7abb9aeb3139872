set -eu
# ask NAME TYPE: scripts/lib.sh.
first=2024010101
ask lab.test SOA
case "$status" in
  NOERROR) ;;
  '') fail "ns ($NS_IP) does not answer DNS queries: is named still running?" ;;
  *) fail "ns answers $status for lab.test: the zone is not served (first task)" ;;
esac
serial=$(printf '%s\n' "$answer" | awk '$1 == "lab.test." && $4 == "SOA" { print $7; exit }')
[ -n "$serial" ] || fail "ns does not answer for lab.test with its SOA record (first task)"

ask api.lab.test A
got=$(printf '%s\n' "$answer" | awk '$1 == "api.lab.test." && $4 == "A" { print $5 }' | sort -u | tr '\n' ' ')
got=${got% }
if [ -z "$got" ]; then
  ask api.lab.test.lab.test A
  [ -n "$answer" ] && fail "ns has api.lab.test.lab.test, not api.lab.test: a name without a trailing dot is relative to the zone. Write 'api' or 'api.lab.test.'"
  [ "$serial" -gt "$first" ] &&
    fail "ns serves serial $serial but no api.lab.test (dig says $status): is the record in the zone file, under the name 'api'?"
  fail "ns does not serve api.lab.test yet (dig says $status, serial $serial): add 'api IN A $WEB_IP' to the zone file, raise the serial, and rndc reload lab.test"
fi
[ "$got" = "$WEB_IP" ] || fail "api.lab.test is $got, expected $WEB_IP (web)"
[ "$serial" -gt "$first" ] ||
  fail "api.lab.test is served, but the serial is still $serial: named on a primary loads the edited file anyway, but a secondary compares serials and would never fetch this change. Raise the serial (for example to $((first + 1))) and rndc reload lab.test"
pass "ns serves api.lab.test -> $WEB_IP with serial $serial (above $first)"
