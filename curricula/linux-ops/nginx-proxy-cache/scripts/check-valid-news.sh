set -eu
# Task "headers", on cache. A /news/ page, which the origin marks no-store, is kept for the 10 s
# the task names: read from the cache file nginx wrote for it (its header holds the copy's
# expiry and the time it was stored).
path=/news/$(page_id)
cache_validity "$path"
if [ "$validity" -lt 9 ] || [ "$validity" -gt 11 ]; then
  fail "nginx keeps its copy of $path for $validity s (until $expires, says the header of $cache_file): the task wants 10 s for news. In location /news/, proxy_cache_valid 200 10s; (the server's 1 minute applies wherever a location sets none of its own)"
fi
pass "nginx keeps its copy of $path for $validity s, until $expires ($cache_file): news for 10 s"
