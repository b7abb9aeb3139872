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
      fail_t a-name-doubled name="$name" short="$1"
    [ -n "$cname" ] && fail_t a-is-cname-missing name="$name" cname="$cname" want="$want"
    fail_t a-missing name="$name" ns_ip="$NS_IP" status="$status" short="$1" want="$want"
  fi
  [ -z "$cname" ] || fail_t a-is-cname name="$name" cname="$cname" want="$want"
  [ "$got" = "$want" ] || case " $got " in
    *" $want "*) fail_t a-several name="$name" got="$got" want="$want" ;;
    *) fail_t a-wrong name="$name" got="$got" want="$want" ;;
  esac
done
pass_t a-records-ok
