set -eu
# Task "headers", on client. /news/ pages are public, but the origin marks them no-store and
# sets a tracking cookie on each. The cache must keep them anyway, and must not hand the
# cookie of the visitor who filled the cache to the visitors it serves the copy.
path=/news/$(page_id)
url="http://$CACHE_IP$path"
fetch "$url"
[ "$code" = 200 ] || fail "GET $path through the cache answered $code, not 200"
s1=$serial x1=$xcache c1=$setcookie
fetch "$url"
origin_count "$path"
if [ "$serial" != "$s1" ]; then
  fail "every /news/ page is a MISS: GET $path twice reached the origin twice (origin responses #$s1 and #$serial, X-Cache-Status ${x1:-none} then ${xcache:-none}). The origin answers with 'Cache-Control: no-store, no-cache' and 'Set-Cookie: ${c1:-visitor=...}', and nginx stores nothing that carries either. In a location /news/: proxy_ignore_headers Cache-Control Set-Cookie; (Expires too, for good measure) and a proxy_cache_valid for 200"
fi
[ "$origin_count" = 1 ] || fail "the origin counted $origin_count requests for $path, where the second should have come from the cache"
[ -z "$setcookie" ] ||
  fail "the cached copy of $path carries 'Set-Cookie: $setcookie': the cookie the origin gave the visitor who filled the cache now goes to every visitor served from it. proxy_hide_header Set-Cookie; in location /news/ drops it"
pass "GET $path: ${x1:-MISS}, then ${xcache:-HIT} from the cache (origin response #$s1) although the origin said no-store, and without the tracking cookie"
