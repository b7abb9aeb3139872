set -eu
# Task "refresh", on client. X-Cache-Refresh: 1 from a host that is not trusted must change
# nothing: still the cached copy, and no request to the origin.
path=/catalog/$(page_id)
url="http://$CACHE_IP$path"
fetch "$url"
s1=$serial
fetch "$url"
[ "$serial" = "$s1" ] || fail "GET $path twice went to the origin twice (X-Cache-Status ${xcache:-none}): pages must be cached first (the first task)"
fetch "$url" -H 'X-Cache-Refresh: 1'
origin_count "$path"
if [ "$serial" != "$s1" ] || [ "$origin_count" != 1 ]; then
  fail "the client ($CLIENT_IP) sent X-Cache-Refresh: 1 and nginx went to the origin (origin response #$serial, X-Cache-Status ${xcache:-none}): anyone can refresh, and a script that sends the header on every request turns the cache off and sends the whole load to the origin. Trust 127.0.0.1 only: geo \$refresh_trusted { default 0; 127.0.0.1 1; } and a map that sets the bypass variable only when both agree"
fi
pass "X-Cache-Refresh: 1 from the client changed nothing: ${xcache:-HIT} of origin response #$s1, and the origin saw 1 request"
