set -eu
# Task "headers", on client. /account/ pages belong to the user who logged in (HTTP basic
# authentication) and the origin sends no caching headers on them. alice, then bob, then
# nobody, then alice again, then carol and dave with a session cookie instead: each must get
# their own answer from the origin, never a copy.
path=/account/$(page_id)
url="http://$CACHE_IP$path"
fetch "$url" -u alice:secret
case "$body" in *"Account of alice"*) ;; *) fail "alice's GET $path returned '$(printf '%s' "$body" | head -c 80)' ($code)" ;; esac
s1=$serial
fetch "$url" -u bob:secret
case "$body" in
  *"Account of bob"*) ;;
  *"Account of alice"*) fail "bob asked for $path and got alice's account page from the cache (X-Cache-Status ${xcache:-none}): the worst caching bug there is. The origin sends no Cache-Control on /account/, so proxy_cache_valid lets nginx store it. In location /account/, proxy_no_cache \$http_authorization; stops storing, proxy_cache_bypass \$http_authorization; stops serving a copy (or proxy_cache off; there)" ;;
  *) fail "bob's GET $path returned '$(printf '%s' "$body" | head -c 80)' ($code)" ;;
esac
fetch "$url"
case "$body" in
  *"Log in"*) ;;
  *"Account of"*) fail "a request for $path without credentials got '$(printf '%s' "$body" | head -c 40)' from the cache (X-Cache-Status ${xcache:-none}): a copy of an authenticated answer was stored. proxy_cache_bypass only skips the cache for the request that matches; proxy_no_cache \$http_authorization; is what stops nginx storing the answer" ;;
  *) fail "a request for $path without credentials returned '$(printf '%s' "$body" | head -c 80)' ($code)" ;;
esac
[ "$code" = 401 ] || fail "a request for $path without credentials answered $code, not the origin's 401"
fetch "$url" -u alice:secret
case "$body" in *"Account of alice"*) ;; *) fail "alice's second GET $path returned '$(printf '%s' "$body" | head -c 80)' ($code)" ;; esac
[ "$serial" != "$s1" ] || fail "alice's second GET $path was served her first answer again (origin response #$s1, X-Cache-Status ${xcache:-none}): authenticated answers must not be cached, not even per user, unless the key holds the user and you mean it"
# The same with a session cookie instead of credentials: carol, then dave.
fetch "$url" -H 'Cookie: session=carol'
case "$body" in *"Account of carol"*) ;; *) fail "carol's GET $path (with the cookie session=carol) returned '$(printf '%s' "$body" | head -c 80)' ($code)" ;; esac
fetch "$url" -H 'Cookie: session=dave'
case "$body" in
  *"Account of dave"*) ;;
  *"Account of carol"*) fail "dave (Cookie: session=dave) asked for $path and got carol's account page from the cache (X-Cache-Status ${xcache:-none}): credentials are handled, session cookies are not. Add \$cookie_session to proxy_no_cache and proxy_cache_bypass in location /account/" ;;
  *) fail "dave's GET $path (with the cookie session=dave) returned '$(printf '%s' "$body" | head -c 80)' ($code)" ;;
esac
origin_count "$path"
[ "$origin_count" = 6 ] || fail "the origin counted $origin_count requests for $path, where all 6 should have reached it"
case "$xcache" in HIT | STALE | UPDATING | REVALIDATED) fail "alice's answer for $path came with X-Cache-Status $xcache" ;; esac
pass "alice, bob, nobody, alice again, and carol and dave by session cookie each got their own answer for $path from the origin (6 requests there; X-Cache-Status ${xcache:-none})"
