set -eu
# Task "headers", on client. /prices/ pages carry Cache-Control: public, max-age=3 from the
# origin. nginx must honour it: a HIT at once, and after 3 s a new copy from the origin
# (EXPIRED), although proxy_cache_valid says 1 minute.
path=/prices/$(page_id)
url="http://$CACHE_IP$path"
fetch "$url"
[ "$code" = 200 ] || fail "GET $path through the cache answered $code, not 200"
s1=$serial x1=$xcache
start=$(date +%s%N)
fetch "$url"
[ "$serial" = "$s1" ] ||
  fail "GET $path twice in a row went to the origin twice (origin responses #$s1 and #$serial, X-Cache-Status $x1 then ${xcache:-none}): the origin allows 3 s of caching (Cache-Control: public, max-age=3) and nginx did not keep a copy. Is proxy_cache on for every location? Does proxy_no_cache match these requests?"
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
      [ "$origin_count" = 2 ] && pass "GET $path: ${x1:-MISS}, then ${x2:-HIT}, and 4.3 s later $xcache while nginx fetched a new copy in the background: max-age=3 honoured"
      fail "4.3 s after the first request nginx answered $xcache for $path, but the origin saw no new request for it (it counted $origin_count)" ;;
  esac
  fail "4.3 s after the first request, nginx still served its copy of $path (origin response #$s1, X-Cache-Status ${xcache:-none}) although the origin said Cache-Control: public, max-age=3. Something overrides the origin's headers for every location: proxy_ignore_headers Cache-Control (keep it for /news/ only), or proxy_cache_valid where it should not apply"
fi
[ "$origin_count" = 2 ] || fail "the origin counted $origin_count requests for $path, where it should have seen 2: the first, and one more after max-age=3 ran out"
pass "GET $path: ${x1:-MISS}, then ${x2:-HIT} (the same copy), and 4.3 s later ${xcache:-a new copy} from the origin (response #$serial): max-age=3 honoured"
