set -eu
# Task "refresh", on cache. A cached page, then a request with X-Cache-Refresh: 1 from the
# cache host itself (127.0.0.1): it must reach the origin and store the new copy, which the
# next plain request gets.
path=/catalog/$(page_id)
url="http://127.0.0.1$path"
fetch "$url"
s1=$serial
fetch "$url"
[ "$serial" = "$s1" ] || fail "GET $url twice went to the origin twice (X-Cache-Status ${xcache:-none}): pages must be cached first (the first task), and nginx must listen on 127.0.0.1:80 too (listen 80;)"
fetch "$url" -H 'X-Cache-Refresh: 1'
s3=$serial x3=$xcache
[ "$s3" != "$s1" ] ||
  fail "GET $url with X-Cache-Refresh: 1 from the cache host got the old copy (origin response #$s1, X-Cache-Status ${x3:-none}): proxy_cache_bypass must be true for this request. A variable from geo (127.0.0.1 trusted) and map (the header set) does it; note that a proxy_cache_bypass inside a location replaces the server's"
fetch "$url"
origin_count "$path"
[ "$serial" = "$s3" ] ||
  fail "the refresh fetched a new copy (origin response #$s3), but the next plain request got #$serial (X-Cache-Status ${xcache:-none}), not the refreshed copy: nginx did not store it. Is proxy_no_cache true for refresh requests? It must not be: only proxy_cache_bypass"
[ "$origin_count" = 2 ] || fail "the origin counted $origin_count requests for $path, where it should have seen 2 (the first and the refresh)"
pass "X-Cache-Refresh: 1 from 127.0.0.1 replaced the copy of $path (${x3:-refreshed}, origin response #$s1 -> #$s3), and the next request was a ${xcache:-hit} of the new copy"
