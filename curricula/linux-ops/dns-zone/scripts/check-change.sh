set -eu
# ask NAME TYPE: scripts/lib.sh.
first=2024010101
ask lab.test SOA
case "$status" in
  NOERROR) ;;
  '') fail_t ns-no-answer-running ns_ip="$NS_IP" ;;
  *) fail_t zone-not-served-first status="$status" ;;
esac
serial=$(printf '%s\n' "$answer" | awk '$1 == "lab.test." && $4 == "SOA" { print $7; exit }')
[ -n "$serial" ] || fail_t zone-no-soa

ask api.lab.test A
got=$(printf '%s\n' "$answer" | awk '$1 == "api.lab.test." && $4 == "A" { print $5 }' | sort -u | tr '\n' ' ')
got=${got% }
if [ -z "$got" ]; then
  ask api.lab.test.lab.test A
  [ -n "$answer" ] && fail_t api-name-doubled
  [ "$serial" -gt "$first" ] &&
    fail_t api-missing-serial serial="$serial" status="$status"
  fail_t api-missing status="$status" serial="$serial" web_ip="$WEB_IP"
fi
[ "$got" = "$WEB_IP" ] || fail_t api-wrong got="$got" web_ip="$WEB_IP"
[ "$serial" -gt "$first" ] ||
  fail_t serial-not-raised serial="$serial" next="$((first + 1))"
pass_t change-ok web_ip="$WEB_IP" serial="$serial" first="$first"
