set -eu
# On ns: named's configuration and the zone file of lab.test pass named's own checkers,
# and the running named serves what the file says.
command -v named-checkconf >/dev/null || broken "named-checkconf is missing on ns (is ns on the services image?)"
zone=${ZONE:-lab.test}
if ! err=$(named-checkconf 2>&1); then
  fail_t checkconf-error error="$(printf '%s\n' "$err" | head -n 1)"
fi
# The file of the zone, from the configuration named really reads (includes resolved).
conf=$(named-checkconf -p 2>/dev/null)
file=$(printf '%s\n' "$conf" | awk -v z="$zone" '
  $1 == "zone" { n = $2; gsub(/"/, "", n); sub(/\.$/, "", n); inz = (n == z); next }
  inz && $1 == "file" { f = $2; gsub(/[";]/, "", f); print f; exit }
  /^};/ { inz = 0 }')
if [ -z "$file" ]; then
  if printf '%s\n' "$conf" | awk -v z="$zone" '$1 == "zone" { n = $2; gsub(/"/, "", n); sub(/\.$/, "", n); if (n == z) f = 1 } END { exit !f }'; then
    fail_t zone-no-file zone="$zone"
  fi
  where=$(grep -rls -- "$zone" /etc/bind 2>/dev/null | grep -v '^/etc/bind/db\.' | head -n 1 || true)
  [ -n "$where" ] && fail_t zone-in-unread-file where="$where" zone="$zone"
  fail_t zone-not-declared zone="$zone"
fi
case "$file" in
  /*) path=$file ;;
  *)
    dir=$(printf '%s\n' "$conf" | awk '$1 == "directory" { d = $2; gsub(/[";]/, "", d); print d; exit }')
    dir=${dir:-/var/cache/bind}
    path=$dir/$file
    [ -e "$path" ] || fail_t zone-file-relative zone="$zone" file="$file" dir="$dir" path="$path"
    ;;
esac
[ -e "$path" ] || fail_t zone-file-missing zone="$zone" path="$path"
if ! out=$(named-checkzone "$zone" "$path" 2>&1); then
  fail_t checkzone-error zone="$zone" path="$path" error="$(printf '%s\n' "$out" | grep -v -e '^OK' | head -n 1)"
fi
fserial=$(printf '%s\n' "$out" | sed -n 's/.*loaded serial \([0-9]*\).*/\1/p' | head -n 1)
su -s /bin/sh bind -c "test -r '$path'" 2>/dev/null ||
  fail_t zone-file-unreadable path="$path"

pgrep -x named >/dev/null || fail_t named-not-running
out=$(dig @"$NS_IP" +norec +time=2 +tries=1 "$zone" SOA 2>&1) || true
status=$(printf '%s\n' "$out" | sed -n 's/.*status: \([A-Z]*\),.*/\1/p' | head -n 1)
case "$status" in
  '') fail_t named-not-listening ns_ip="$NS_IP" ;;
  SERVFAIL) fail_t zone-not-loaded zone="$zone" ;;
esac
sserial=$(printf '%s\n' "$out" | awk -v z="$zone." '$1 == z && $4 == "SOA" { print $7; exit }')
[ -n "$sserial" ] ||
  fail_t zone-declared-after-start zone="$zone"
[ "$sserial" = "$fserial" ] ||
  fail_t zone-not-reloaded path="$path" fserial="$fserial" sserial="$sserial" zone="$zone"
# Edited after named loaded it (same serial, so the serials above agree)?
loaded=$(rndc zonestatus "$zone" 2>/dev/null | sed -n 's/^last loaded: //p')
if [ -n "$loaded" ] && lt=$(date -d "$loaded" +%s 2>/dev/null); then
  [ "$(stat -c %Y "$path")" -le "$lt" ] ||
    fail_t zone-changed-after-load path="$path" loaded="$loaded" zone="$zone"
fi
pass_t config-ok zone="$zone" path="$path" sserial="$sserial"
