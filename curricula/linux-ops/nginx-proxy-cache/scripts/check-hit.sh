set -eu
# Task "cache", on client. Two requests for a catalogue page nobody asked for before: the first
# must be a MISS (the origin's second), the second a HIT: fast, the same copy (the origin's
# serial number), and the origin must have seen one request only.
path=/catalog/$(page_id)
url="http://$CACHE_IP$path"
fetch "$url"
[ "$code" = 200 ] || fail_t catalog-not-200 path="$path" code="$code" body="$(printf '%s' "$body" | head -c 80)"
case "$body" in
  *"Catalogue page $path "*) ;;
  *) fail_t catalog-wrong-page path="$path" body="$(printf '%s' "$body" | head -c 80)" ;;
esac
s1=$serial t1=$took x1=$xcache
fetch "$url"
s2=$serial t2=$took x2=$xcache
origin_count "$path"
if [ "$s1" != "$s2" ]; then
  [ -n "$x2" ] || fail_t second-miss-no-header path="$path" s1="$s1" s2="$s2" t2="$t2"
  [ "$x2" = MISS ] && fail_t both-miss path="$path" s1="$s1" s2="$s2"
  fail_t second-to-origin path="$path" s1="$s1" s2="$s2" x1="$x1" x2="$x2"
fi
[ "$origin_count" = 1 ] || fail_t hit-origin-count path="$path" origin_count="$origin_count"
secs "$t2" 0.7 || fail_t hit-slow path="$path" t2="$t2"
[ -n "$x2" ] || fail_t hit-no-header path="$path" t2="$t2"
[ "$x1" = MISS ] && [ "$x2" = HIT ] ||
  fail_t status-not-miss-hit x1="$x1" x2="$x2"
pass_t hit-ok path="$path" t1="$t1" t2="$t2" s1="$s1"
