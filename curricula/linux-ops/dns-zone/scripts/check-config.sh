set -eu
# On ns: named's configuration and the zone file of lab.test pass named's own checkers,
# and the running named serves what the file says.
command -v named-checkconf >/dev/null || broken "named-checkconf is missing on ns (is ns on the services image?)"
zone=${ZONE:-lab.test}
if ! err=$(named-checkconf 2>&1); then
  fail "named-checkconf finds an error in named's configuration: $(printf '%s\n' "$err" | head -n 1)"
fi
# The file of the zone, from the configuration named really reads (includes resolved).
conf=$(named-checkconf -p 2>/dev/null)
file=$(printf '%s\n' "$conf" | awk -v z="$zone" '
  $1 == "zone" { n = $2; gsub(/"/, "", n); sub(/\.$/, "", n); inz = (n == z); next }
  inz && $1 == "file" { f = $2; gsub(/[";]/, "", f); print f; exit }
  /^};/ { inz = 0 }')
if [ -z "$file" ]; then
  if printf '%s\n' "$conf" | awk -v z="$zone" '$1 == "zone" { n = $2; gsub(/"/, "", n); sub(/\.$/, "", n); if (n == z) f = 1 } END { exit !f }'; then
    fail "zone \"$zone\" is declared, but without a file: add file \"/etc/bind/db.$zone\"; (and type master;)"
  fi
  where=$(grep -rls -- "$zone" /etc/bind 2>/dev/null | grep -v '^/etc/bind/db\.' | head -n 1 || true)
  [ -n "$where" ] && fail "$where mentions $zone, but named does not read it: declare the zone in /etc/bind/named.conf.local (named.conf includes that file), or include yours from there"
  fail "named's configuration has no zone \"$zone\" (named-checkconf -p | grep zone): declare it in /etc/bind/named.conf.local: zone \"$zone\" { type master; file \"/etc/bind/db.$zone\"; };"
fi
case "$file" in
  /*) path=$file ;;
  *)
    dir=$(printf '%s\n' "$conf" | awk '$1 == "directory" { d = $2; gsub(/[";]/, "", d); print d; exit }')
    path=${dir:-/var/cache/bind}/$file
    [ -e "$path" ] || fail "zone $zone has file \"$file\", a relative name, which named looks for in its directory ${dir:-/var/cache/bind}: there is no $path. Give the full path, such as \"/etc/bind/$file\""
    ;;
esac
[ -e "$path" ] || fail "zone $zone names the file $path, which does not exist"
if ! out=$(named-checkzone "$zone" "$path" 2>&1); then
  fail "named-checkzone $zone $path fails: $(printf '%s\n' "$out" | grep -v -e '^OK' | head -n 1)"
fi
fserial=$(printf '%s\n' "$out" | sed -n 's/.*loaded serial \([0-9]*\).*/\1/p' | head -n 1)
su -s /bin/sh bind -c "test -r '$path'" 2>/dev/null ||
  fail "named runs as the user bind, which cannot read $path: chmod 644 $path (and let bind into its directory)"

pgrep -x named >/dev/null || fail "the files are fine, but named is not running on ns: start it (named -u bind, or service named start; named -u bind -g shows its log in the terminal)"
out=$(dig @"$NS_IP" +norec +time=2 +tries=1 "$zone" SOA 2>&1) || true
status=$(printf '%s\n' "$out" | sed -n 's/.*status: \([A-Z]*\),.*/\1/p' | head -n 1)
case "$status" in
  '') fail "named runs, but does not answer on $NS_IP port 53: does listen-on in /etc/bind/named.conf.options leave out that address?" ;;
  SERVFAIL) fail "named runs but has not loaded $zone (SERVFAIL): the file was broken or missing when it started. It is fine now: rndc reload $zone" ;;
esac
sserial=$(printf '%s\n' "$out" | awk -v z="$zone." '$1 == z && $4 == "SOA" { print $7; exit }')
[ -n "$sserial" ] ||
  fail "named runs, but does not serve $zone: it was started before you declared the zone. rndc reconfig (new zones), or restart named"
[ "$sserial" = "$fserial" ] ||
  fail "$path has serial $fserial, but named still serves serial $sserial: it has not re-read the file. rndc reload $zone"
# Edited after named loaded it (same serial, so the serials above agree)?
loaded=$(rndc zonestatus "$zone" 2>/dev/null | sed -n 's/^last loaded: //p')
if [ -n "$loaded" ] && lt=$(date -d "$loaded" +%s 2>/dev/null); then
  [ "$(stat -c %Y "$path")" -le "$lt" ] ||
    fail "$path changed after named loaded it ($loaded), and named does not watch its files: rndc reload $zone (raise the serial too)"
fi
pass "named-checkconf and named-checkzone pass; named serves $zone from $path, serial $sserial"
