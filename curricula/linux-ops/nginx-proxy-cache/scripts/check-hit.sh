set -eu
# Task "cache", on client. Two requests for a catalogue page nobody asked for before: the first
# must be a MISS (the origin's second), the second a HIT: fast, the same copy (the origin's
# serial number), and the origin must have seen one request only.
path=/catalog/$(page_id)
url="http://$CACHE_IP$path"
fetch "$url"
[ "$code" = 200 ] || fail "GET $path through the cache answered $code, not 200 ($(printf '%s' "$body" | head -c 80))"
case "$body" in
  *"Catalogue page $path "*) ;;
  *) fail "GET $path through the cache returned another page: '$(printf '%s' "$body" | head -c 80)'. The cache key must include the URI (the default, \$scheme\$proxy_host\$request_uri, does)" ;;
esac
s1=$serial t1=$took x1=$xcache
fetch "$url"
s2=$serial t2=$took x2=$xcache
origin_count "$path"
if [ "$s1" != "$s2" ]; then
  [ -n "$x2" ] || fail "the second request for $path went to the origin again (origin responses #$s1 and #$s2, $t2 s), and there is no X-Cache-Status header: is there a proxy_cache line (with the keys_zone name of your proxy_cache_path) where nginx proxies? And add_header X-Cache-Status \$upstream_cache_status; shows what the cache did"
  [ "$x2" = MISS ] && fail "both requests for $path were a MISS (origin responses #$s1 and #$s2): nginx stores nothing. The origin sends no Cache-Control or Expires on catalogue pages, and then nginx keeps a copy only for the codes and time proxy_cache_valid names: proxy_cache_valid 200 1m;"
  fail "the second request for $path went to the origin again (origin responses #$s1 and #$s2; X-Cache-Status $x1 then $x2)"
fi
[ "$origin_count" = 1 ] || fail "the second answer for $path is the first one's copy, but the origin counted $origin_count requests for it"
secs "$t2" 0.7 || fail "the second request for $path was served from the cache but took $t2 s, where a hit takes milliseconds and the origin 1 s"
[ -n "$x2" ] || fail "the second request for $path was a hit ($t2 s, the origin asked once), but the answer has no X-Cache-Status header: add_header X-Cache-Status \$upstream_cache_status; where nginx proxies"
[ "$x1" = MISS ] && [ "$x2" = HIT ] ||
  fail "X-Cache-Status said '$x1' then '$x2' for a new page, where it should say MISS then HIT: does the header carry \$upstream_cache_status?"
pass "GET $path: MISS in $t1 s (the origin's 1 s), then HIT in $t2 s with the same copy (origin response #$s1); the origin saw 1 request"
