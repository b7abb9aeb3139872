set -eu
# ask NAME TYPE: ask ns without recursion; sets $status and $answer (the answer section).
ask() {
  out=$(dig @"$NS_IP" +norec +time=2 +tries=1 "$1" "$2" 2>&1) || true
  status=$(printf '%s\n' "$out" | sed -n 's/.*status: \([A-Z]*\),.*/\1/p' | head -n 1)
  answer=$(printf '%s\n' "$out" | awk '/^;; ANSWER SECTION:/ { a = 1; next } /^$/ { a = 0 } a')
}
ask lab.test SOA
case "$status" in
  NOERROR) ;;
  '') fail "ns ($NS_IP) does not answer DNS queries: start named first (see the check about the SOA)" ;;
  *) fail "ns answers $status for lab.test: the zone is not served yet (see the check about the SOA)" ;;
esac

for pair in "ns $NS_IP" "web $WEB_IP" "client $CLIENT_IP" "mail $WEB_IP"; do
  set -- $pair
  name=$1.lab.test want=$2
  ask "$name" A
  got=$(printf '%s\n' "$answer" | awk -v n="$name." '$1 == n && $4 == "A" { print $5 }' | sort -u | tr '\n' ' ')
  got=${got% }
  cname=$(printf '%s\n' "$answer" | awk -v n="$name." '$1 == n && $4 == "CNAME" { print $5; exit }')
  if [ -z "$got" ]; then
    ask "$name.lab.test" A
    doubled=$(printf '%s\n' "$answer" | awk '$4 == "A" { print $5; exit }')
    [ -n "$doubled" ] &&
      fail "ns has $name.lab.test, not $name: a name without a trailing dot is relative to the zone, so '$name' became $name.lab.test. Write '$1' or '$name.' (with the dot)"
    [ -n "$cname" ] && fail "$name is a CNAME (to $cname): the task asks for an A record $name -> $want"
    fail "ns has no A record for $name (dig @$NS_IP $name A says $status): add '$1 IN A $want' to the zone, then named-checkzone and rndc reload lab.test"
  fi
  [ -z "$cname" ] || fail "$name is a CNAME (to $cname): make it an A record for $want"
  [ "$got" = "$want" ] || case " $got " in
    *" $want "*) fail "$name has several A records ($got): keep only $want" ;;
    *) fail "$name has the A record $got, but that host's address is $want" ;;
  esac
done
pass "ns serves ns, web, client and mail.lab.test with the right addresses"
