set -eu
# Task "cache", on client. ?page=1 and ?page=2 of one path are two pages: the second must not
# be served the first's copy (a cache key without the query string).
path=/catalog/$(page_id)
fetch "http://$CACHE_IP$path?page=1"
s1=$serial
fetch "http://$CACHE_IP$path?page=2"
case "$body" in
  *"?page=2 "*) ;;
  *"?page=1 "*) fail "GET $path?page=2 returned the cached copy of $path?page=1 (origin response #$s1, X-Cache-Status ${xcache:-none}): the cache key leaves out the query string. Use \$request_uri (or \$uri\$is_args\$args) in proxy_cache_key, as the default \$scheme\$proxy_host\$request_uri does" ;;
  *) fail "GET $path?page=2 returned '$(printf '%s' "$body" | head -c 80)'" ;;
esac
[ "$serial" != "$s1" ] || fail "?page=1 and ?page=2 of $path got the same origin response #$s1"
fetch "http://$CACHE_IP$path?page=1"
case "$body" in *"?page=1 "*) ;; *) fail "GET $path?page=1 a second time returned '$(printf '%s' "$body" | head -c 80)'" ;; esac
[ "$serial" = "$s1" ] || fail "GET $path?page=1 a second time went to the origin again (origin responses #$s1 and #$serial, X-Cache-Status ${xcache:-none}): is every request a MISS? (the first check of this task)"
pass "?page=1 and ?page=2 of $path are separate entries: each came from the origin once, and ?page=1 again was a ${xcache:-hit}"
