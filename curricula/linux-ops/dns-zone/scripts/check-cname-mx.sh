set -eu
# ask and zone_served: scripts/lib.sh.
zone_served

# The name server record.
ask lab.test NS
ns=$(printf '%s\n' "$answer" | awk '$4 == "NS" { print $5 }' | tr '\n' ' ')
case " $ns " in
  *' ns.lab.test. '*) ;;
  *' ns.lab.test.lab.test. '*) fail_t ns-record-doubled ;;
  *) fail_t ns-record-wrong ns="${ns% }" ;;
esac

# www: an alias of web.
ask www.lab.test CNAME
target=$(printf '%s\n' "$answer" | awk '$1 == "www.lab.test." && $4 == "CNAME" { print $5; exit }')
case "$target" in
  web.lab.test.) ;;
  web.lab.test.lab.test.) fail_t cname-target-doubled ;;
  '')
    ask www.lab.test A
    a=$(printf '%s\n' "$answer" | awk '$1 == "www.lab.test." && $4 == "A" { print $5; exit }')
    [ -n "$a" ] && fail_t www-is-a a="$a"
    ask www.lab.test.lab.test CNAME
    [ -n "$answer" ] && fail_t www-name-doubled
    fail_t www-missing ;;
  *) fail_t www-wrong-target target="$target" ;;
esac

# Mail for lab.test goes to mail.lab.test, preference 10.
ask lab.test MX
mx=$(printf '%s\n' "$answer" | awk '$1 == "lab.test." && $4 == "MX" { print $5, $6 }')
case "$mx" in
  '10 mail.lab.test.') ;;
  *'mail.lab.test.lab.test.'*) fail_t mx-doubled ;;
  '')
    ask mail.lab.test MX
    [ -n "$answer" ] && fail_t mx-on-mail-host
    fail_t mx-missing ;;
  *) fail_t mx-wrong mx="$(echo $mx)" ;;
esac
pass_t cname-mx-ok
