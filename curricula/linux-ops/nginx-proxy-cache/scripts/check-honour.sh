set -eu
# Task "headers", on client. /prices/ pages carry Cache-Control: public, max-age=3 from the
# origin. nginx must honour it: a HIT at once, and after 3 s a new copy from the origin
# (EXPIRED), although proxy_cache_valid says 1 minute.
path=/prices/$(page_id)
url="http://$CACHE_IP$path"
fetch "$url"
[ "$code" = 200 ] || fail_t not-200 path="$path" code="$code"
s1=$serial x1=$xcache
start=$(date +%s%N)
fetch "$url"
# message keys: prices-not-kept prices-not-kept-no-status
[ "$serial" = "$s1" ] ||
  fail_t "prices-not-kept$(status_form "$xcache")" path="$path" s1="$s1" serial="$serial" x1="$x1" xcache="$xcache"
x2=$xcache
# Wait until 4.3 s after the first answer arrived. nginx counts validity in whole seconds and
# a copy is stale only once the clock has passed its last valid second: up to 4 s for max-age=3.
elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$elapsed" -lt 4300 ] && sleep "$(awk -v ms="$elapsed" 'BEGIN { printf "%.3f", (4300 - ms) / 1000 }')"
fetch "$url"
origin_count "$path"
if [ "$serial" = "$s1" ]; then
  case "$xcache" in
    STALE | UPDATING)
      # proxy_cache_use_stale updating with proxy_cache_background_update: the stale copy goes
      # out once while nginx fetches a new one behind it.
      sleep 1.5
      origin_count "$path"
      [ "$origin_count" = 2 ] && pass_t prices-ok-background path="$path" x1="${x1:-MISS}" x2="${x2:-HIT}" xcache="$xcache"
      fail_t prices-stale-no-fetch xcache="$xcache" path="$path" origin_count="$origin_count" ;;
  esac
  # message keys: prices-max-age-ignored prices-max-age-ignored-no-status
  fail_t "prices-max-age-ignored$(status_form "$xcache")" path="$path" s1="$s1" xcache="$xcache"
fi
[ "$origin_count" = 2 ] || fail_t prices-origin-count origin_count="$origin_count" path="$path"
# message keys: prices-ok prices-ok-no-status
pass_t "prices-ok$(status_form "$xcache")" path="$path" x1="${x1:-MISS}" x2="${x2:-HIT}" xcache="$xcache" serial="$serial"
