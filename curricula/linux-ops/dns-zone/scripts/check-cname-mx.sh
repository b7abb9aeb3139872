set -eu
# ask and zone_served: scripts/lib.sh.
zone_served

# The name server record.
ask lab.test NS
ns=$(printf '%s\n' "$answer" | awk '$4 == "NS" { print $5 }' | tr '\n' ' ')
case " $ns " in
  *' ns.lab.test. '*) ;;
  *' ns.lab.test.lab.test. '*) fail "the NS record of lab.test points to ns.lab.test.lab.test.: a name without a trailing dot is relative to the zone. Write 'ns.lab.test.' (with the dot) or just 'ns'" ;;
  *) fail "the NS record of lab.test is '${ns% }', not ns.lab.test.: add '@ IN NS ns.lab.test.'" ;;
esac

# www: an alias of web.
ask www.lab.test CNAME
target=$(printf '%s\n' "$answer" | awk '$1 == "www.lab.test." && $4 == "CNAME" { print $5; exit }')
case "$target" in
  web.lab.test.) ;;
  web.lab.test.lab.test.) fail "www.lab.test is a CNAME to web.lab.test.lab.test.: a name without a trailing dot is relative to the zone. Write 'web.lab.test.' (with the dot) or just 'web'" ;;
  '')
    ask www.lab.test A
    a=$(printf '%s\n' "$answer" | awk '$1 == "www.lab.test." && $4 == "A" { print $5; exit }')
    [ -n "$a" ] && fail "www.lab.test is an A record ($a): the task asks for an alias, 'www IN CNAME web', so that it follows web when web's address changes"
    ask www.lab.test.lab.test CNAME
    [ -n "$answer" ] && fail "ns has www.lab.test.lab.test, not www.lab.test: a name without a trailing dot is relative to the zone. Write 'www' or 'www.lab.test.'"
    fail "ns has no CNAME for www.lab.test: add 'www IN CNAME web'" ;;
  *) fail "www.lab.test is a CNAME to $target, not to web.lab.test." ;;
esac

# Mail for lab.test goes to mail.lab.test, preference 10.
ask lab.test MX
mx=$(printf '%s\n' "$answer" | awk '$1 == "lab.test." && $4 == "MX" { print $5, $6 }')
case "$mx" in
  '10 mail.lab.test.') ;;
  *'mail.lab.test.lab.test.'*) fail "the MX of lab.test points to mail.lab.test.lab.test.: a name without a trailing dot is relative to the zone. Write 'mail.lab.test.' (with the dot) or just 'mail'" ;;
  '')
    ask mail.lab.test MX
    [ -n "$answer" ] && fail "ns has an MX record for mail.lab.test, not for lab.test: the MX belongs to the domain that receives the mail (owner '@'): '@ IN MX 10 mail'"
    fail "lab.test has no MX record: add '@ IN MX 10 mail' (mail for anyone@lab.test goes to mail.lab.test)" ;;
  *) fail "the MX of lab.test is '$(echo $mx)', expected '10 mail.lab.test.' (preference 10, then the host name)" ;;
esac
pass "www.lab.test is a CNAME to web.lab.test., lab.test has NS ns.lab.test. and MX 10 mail.lab.test."
