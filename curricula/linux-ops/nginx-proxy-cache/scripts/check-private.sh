set -eu
# Task "headers", on client. /account/ pages belong to the user who logged in (HTTP basic
# authentication) and the origin sends no caching headers on them. alice, then bob, then
# nobody, then alice again, then carol and dave with a session cookie instead: each must get
# their own answer from the origin, never a copy.
path=/account/$(page_id)
url="http://$CACHE_IP$path"
fetch "$url" -u alice:secret
case "$body" in *"Account of alice"*) ;; *) fail_t alice-wrong-page path="$path" body="$(printf '%s' "$body" | head -c 80)" code="$code" ;; esac
s1=$serial
fetch "$url" -u bob:secret
case "$body" in
  *"Account of bob"*) ;;
  # message keys: bob-got-alice bob-got-alice-no-status
  *"Account of alice"*) fail_t "bob-got-alice$(status_form "$xcache")" path="$path" xcache="$xcache" ;;
  *) fail_t bob-wrong-page path="$path" body="$(printf '%s' "$body" | head -c 80)" code="$code" ;;
esac
fetch "$url"
case "$body" in
  *"Log in"*) ;;
  # message keys: anonymous-got-account anonymous-got-account-no-status
  *"Account of"*) fail_t "anonymous-got-account$(status_form "$xcache")" path="$path" body="$(printf '%s' "$body" | head -c 40)" xcache="$xcache" ;;
  *) fail_t anonymous-wrong-page path="$path" body="$(printf '%s' "$body" | head -c 80)" code="$code" ;;
esac
[ "$code" = 401 ] || fail_t anonymous-not-401 path="$path" code="$code"
fetch "$url" -u alice:secret
case "$body" in *"Account of alice"*) ;; *) fail_t alice-again-wrong-page path="$path" body="$(printf '%s' "$body" | head -c 80)" code="$code" ;; esac
# message keys: alice-again-cached alice-again-cached-no-status
[ "$serial" != "$s1" ] || fail_t "alice-again-cached$(status_form "$xcache")" path="$path" s1="$s1" xcache="$xcache"
# The same with a session cookie instead of credentials: carol, then dave.
fetch "$url" -H 'Cookie: session=carol'
case "$body" in *"Account of carol"*) ;; *) fail_t carol-wrong-page path="$path" body="$(printf '%s' "$body" | head -c 80)" code="$code" ;; esac
fetch "$url" -H 'Cookie: session=dave'
case "$body" in
  *"Account of dave"*) ;;
  # message keys: dave-got-carol dave-got-carol-no-status
  *"Account of carol"*) fail_t "dave-got-carol$(status_form "$xcache")" path="$path" xcache="$xcache" ;;
  *) fail_t dave-wrong-page path="$path" body="$(printf '%s' "$body" | head -c 80)" code="$code" ;;
esac
origin_count "$path"
[ "$origin_count" = 6 ] || fail_t account-origin-count origin_count="$origin_count" path="$path"
case "$xcache" in HIT | STALE | UPDATING | REVALIDATED) fail_t account-cache-status path="$path" xcache="$xcache" ;; esac
# message keys: private-ok private-ok-no-status
pass_t "private-ok$(status_form "$xcache")" path="$path" xcache="$xcache"
