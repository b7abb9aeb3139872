set -eu
# ask NAME TYPE: scripts/lib.sh.
# The reverse zone of the /24: 10.123.4.0/24 -> 4.123.10.in-addr.arpa
net=${LAN_SUBNET%/*}
rev=$(echo "$net" | awk -F. '{ print $3 "." $2 "." $1 ".in-addr.arpa" }')
fwd=$(echo "$net" | awk -F. '{ print $1 "." $2 "." $3 ".in-addr.arpa" }')

# soa_of ZONE: sets $soa to the SOA record of ZONE itself in ns's answer (not one from the
# authority section: named has built-in empty zones such as 10.in-addr.arpa that answer
# NXDOMAIN with authority for every private address).
soa_of() {
  ask "$1" SOA
  soa=$(printf '%s\n' "$answer" | awk -v z="$1." 'tolower($1) == z && $4 == "SOA" { print; exit }')
}
soa_of "$rev"
case "$status" in
  '') fail_t ns-no-answer-running ns_ip="$NS_IP" ;;
  SERVFAIL) fail_t rev-servfail rev="$rev" ;;
esac
if [ -z "$soa" ]; then
  soa_of "$fwd"
  [ -n "$soa" ] &&
    fail_t rev-name-forward fwd="$fwd" lan_subnet="$LAN_SUBNET" rev="$rev"
  ask "$rev" SOA
  auth=$(printf '%s\n' "$out" | awk '/^;; AUTHORITY SECTION:/ { a = 1; next } /^$/ { a = 0 } a && $4 == "SOA" { print $1; exit }')
  case "$auth" in
    ?*.[Ii][Nn]-[Aa][Dd][Dd][Rr].[Aa][Rr][Pp][Aa].) fail_t rev-builtin-empty rev="$rev" auth="$auth" ;;
  esac
  fail_t rev-not-authoritative rev="$rev" ns_ip="$NS_IP" status="$status"
fi
for pair in "web $WEB_IP" "ns $NS_IP" "client $CLIENT_IP"; do
  set -- $pair
  want=$1.lab.test.
  ptr=$(echo "$2" | awk -F. '{ print $4 "." $3 "." $2 "." $1 ".in-addr.arpa." }')
  ask "$ptr" PTR
  got=$(printf '%s\n' "$answer" | awk -v n="$ptr" '$1 == n && $4 == "PTR" { print $5 }' | tr '\n' ' ')
  got=${got% }
  case "$got" in
    "$want") continue ;;
    '') fail_t ptr-missing ip="$2" ptr="$ptr" ns_ip="$NS_IP" status="$status" rev="$rev" octet="${2##*.}" want="$want" ;;
    "$want$rev.") fail_t ptr-no-dot ip="$2" got="$got" want="$want" ;;
    *" "*) fail_t ptr-several ip="$2" got="$got" want="$want" ;;
    *) fail_t ptr-wrong ip="$2" got="$got" want="$want" ;;
  esac
done
pass_t reverse-ok rev="$rev"
