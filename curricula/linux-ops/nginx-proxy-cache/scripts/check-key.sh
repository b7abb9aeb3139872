set -eu
# Task "cache", on client. ?page=1 and ?page=2 of one path are two pages: the second must not
# be served the first's copy (a cache key without the query string).
path=/catalog/$(page_id)
fetch "http://$CACHE_IP$path?page=1"
s1=$serial
fetch "http://$CACHE_IP$path?page=2"
case "$body" in
  *"?page=2 "*) ;;
  # message keys: key-without-query key-without-query-no-status
  *"?page=1 "*) fail_t "key-without-query$(status_form "$xcache")" path="$path" s1="$s1" xcache="$xcache" ;;
  *) fail_t page2-wrong-body path="$path" body="$(printf '%s' "$body" | head -c 80)" ;;
esac
[ "$serial" != "$s1" ] || fail_t pages-same-response path="$path" s1="$s1"
fetch "http://$CACHE_IP$path?page=1"
case "$body" in *"?page=1 "*) ;; *) fail_t page1-again-wrong-body path="$path" body="$(printf '%s' "$body" | head -c 80)" ;; esac
# message keys: page1-again-to-origin page1-again-to-origin-no-status
[ "$serial" = "$s1" ] || fail_t "page1-again-to-origin$(status_form "$xcache")" path="$path" s1="$s1" serial="$serial" xcache="$xcache"
# message keys: key-ok key-ok-no-status
pass_t "key-ok$(status_form "$xcache")" path="$path" xcache="$xcache"
