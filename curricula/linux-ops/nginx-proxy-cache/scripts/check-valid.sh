set -eu
# Task "cache", on cache. A catalogue page (no caching headers from the origin) is kept exactly
# as long as the task says, 1 minute: read from the cache file nginx wrote for it, whose header
# holds the copy's expiry and the time it was stored.
path=/catalog/$(page_id)
cache_validity "$path"
if [ "$validity" -lt 59 ] || [ "$validity" -gt 61 ]; then
  fail "nginx keeps its copy of $path for $validity s (until $expires, says the header of $cache_file): the task wants 1 minute for answers the origin says nothing about. proxy_cache_valid 200 1m; (a longer time keeps a changed page wrong in the cache for as long; a shorter one sends more requests to the slow origin)"
fi
pass "nginx keeps its copy of $path for $validity s, until $expires ($cache_file): 1 minute"
