set -eu
# Task "refresh", on cache. A cached page, then a request with X-Cache-Refresh: 1 from the
# cache host itself (127.0.0.1): it must reach the origin and store the new copy, which the
# next plain request gets.
path=/catalog/$(page_id)
url="http://127.0.0.1$path"
fetch "$url"
s1=$serial
fetch "$url"
[ "$serial" = "$s1" ] || fail_t local-not-cached-first url="$url" xcache="${xcache:-none}"
fetch "$url" -H 'X-Cache-Refresh: 1'
s3=$serial x3=$xcache
[ "$s3" != "$s1" ] ||
  fail_t refresh-old-copy url="$url" s1="$s1" x3="${x3:-none}"
fetch "$url"
origin_count "$path"
[ "$serial" = "$s3" ] ||
  fail_t refresh-not-stored s3="$s3" serial="$serial" xcache="${xcache:-none}"
[ "$origin_count" = 2 ] || fail_t refresh-origin-count origin_count="$origin_count" path="$path"
pass_t refresh-local-ok path="$path" x3="${x3:-refreshed}" s1="$s1" s3="$s3" xcache="${xcache:-hit}"
