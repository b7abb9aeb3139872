set -eu
# Task "headers", on cache. A /news/ page, which the origin marks no-store, is kept for the 10 s
# the task names: read from the cache file nginx wrote for it (its header holds the copy's
# expiry and the time it was stored).
path=/news/$(page_id)
cache_validity "$path"
if [ "$validity" -lt 9 ] || [ "$validity" -gt 11 ]; then
  fail_t news-validity path="$path" validity="$validity" expires="$expires" cache_file="$cache_file"
fi
pass_t news-validity-ok path="$path" validity="$validity" expires="$expires" cache_file="$cache_file"
