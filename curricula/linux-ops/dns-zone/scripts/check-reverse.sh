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
  '') fail "ns ($NS_IP) does not answer DNS queries: is named still running?" ;;
  SERVFAIL) fail "ns answers SERVFAIL for $rev: the zone is declared but did not load. On ns: named-checkzone $rev <file>, then rndc reload $rev" ;;
esac
if [ -z "$soa" ]; then
  soa_of "$fwd"
  [ -n "$soa" ] &&
    fail "ns serves $fwd, but a reverse zone's name lists the octets backwards: the zone for $LAN_SUBNET is $rev"
  ask "$rev" SOA
  auth=$(printf '%s\n' "$out" | awk '/^;; AUTHORITY SECTION:/ { a = 1; next } /^$/ { a = 0 } a && $4 == "SOA" { print $1; exit }')
  case "$auth" in
    ?*.[Ii][Nn]-[Aa][Dd][Dd][Rr].[Aa][Rr][Pp][Aa].) fail "ns has no zone $rev; what answers is $auth, one of named's built-in empty zones for private addresses (NXDOMAIN for everything). Declare zone \"$rev\" in /etc/bind/named.conf.local, then rndc reconfig" ;;
  esac
  fail "ns is not authoritative for $rev (dig @$NS_IP $rev SOA says $status, without the zone's SOA): declare zone \"$rev\" in /etc/bind/named.conf.local, then rndc reconfig"
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
    '') fail "ns has no PTR record for $2 ($ptr, dig -x $2 @$NS_IP says $status): in the zone $rev, its owner is the last octet: '${2##*.} IN PTR $want'" ;;
    "$want$rev.") fail "the PTR for $2 is $got: a name without a trailing dot is relative to the zone. Write '$want' with the dot" ;;
    *" "*) fail "$2 has several PTR records ($got): keep one, $want" ;;
    *) fail "the PTR for $2 is $got, expected $want" ;;
  esac
done
pass "ns is authoritative for $rev and maps web, ns and client back to their names"
