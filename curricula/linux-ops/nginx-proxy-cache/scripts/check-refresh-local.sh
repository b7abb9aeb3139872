set -eu
# Task "refresh", on cache. A cached page, then a request with X-Cache-Refresh: 1 from the
# cache host itself (127.0.0.1): it must reach the origin and store the new copy, which the
# next plain request gets.
path=/catalog/$(page_id)
url="http://127.0.0.1$path"
fetch "$url"
s1=$serial
fetch "$url"
# message keys: local-not-cached-first local-not-cached-first-no-status
[ "$serial" = "$s1" ] || fail_t "local-not-cached-first$(status_form "$xcache")" url="$url" xcache="$xcache"
fetch "$url" -H 'X-Cache-Refresh: 1'
s3=$serial x3=$xcache
# message keys: refresh-old-copy refresh-old-copy-no-status
[ "$s3" != "$s1" ] ||
  fail_t "refresh-old-copy$(status_form "$x3")" url="$url" s1="$s1" x3="$x3"
fetch "$url"
origin_count "$path"
# message keys: refresh-not-stored refresh-not-stored-no-status
[ "$serial" = "$s3" ] ||
  fail_t "refresh-not-stored$(status_form "$xcache")" s3="$s3" serial="$serial" xcache="$xcache"
[ "$origin_count" = 2 ] || fail_t refresh-origin-count origin_count="$origin_count" path="$path"
# message keys: refresh-local-ok refresh-local-ok-no-status refresh-local-ok-no-first-status refresh-local-ok-no-second-status
pass_t "refresh-local-ok$(status_form "$x3" "$xcache")" path="$path" x3="$x3" s1="$s1" s3="$s3" xcache="$xcache"
