set -eu
# ask and zone_served: scripts/lib.sh.
zone_served

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
