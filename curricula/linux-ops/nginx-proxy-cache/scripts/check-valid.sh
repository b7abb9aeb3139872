set -eu
# Task "cache", on cache. A catalogue page (no caching headers from the origin) is kept exactly
# as long as the task says, 1 minute: read from the cache file nginx wrote for it, whose header
# holds the copy's expiry and the time it was stored.
path=/catalog/$(page_id)
cache_validity "$path"
if [ "$validity" -lt 59 ] || [ "$validity" -gt 61 ]; then
  fail_t catalog-validity path="$path" validity="$validity" expires="$expires" cache_file="$cache_file"
fi
pass_t catalog-validity-ok path="$path" validity="$validity" expires="$expires" cache_file="$cache_file"
