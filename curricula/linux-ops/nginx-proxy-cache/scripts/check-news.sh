set -eu
# Task "headers", on client. /news/ pages are public, but the origin marks them no-store and
# sets a tracking cookie on each. The cache must keep them anyway, and must not hand the
# cookie of the visitor who filled the cache to the visitors it serves the copy.
path=/news/$(page_id)
url="http://$CACHE_IP$path"
fetch "$url"
[ "$code" = 200 ] || fail_t not-200 path="$path" code="$code"
s1=$serial x1=$xcache c1=$setcookie
fetch "$url"
origin_count "$path"
if [ "$serial" != "$s1" ]; then
  # message keys: news-not-cached news-not-cached-no-status news-not-cached-no-first-status news-not-cached-no-second-status
  fail_t "news-not-cached$(status_form "$x1" "$xcache")" path="$path" s1="$s1" serial="$serial" x1="$x1" xcache="$xcache" c1="${c1:-visitor=...}"
fi
[ "$origin_count" = 1 ] || fail_t news-origin-count origin_count="$origin_count" path="$path"
[ -z "$setcookie" ] ||
  fail_t news-cookie-cached path="$path" setcookie="$setcookie"
pass_t news-ok path="$path" x1="${x1:-MISS}" xcache="${xcache:-HIT}" s1="$s1"
