set -eu
# Task "refresh", on client. X-Cache-Refresh: 1 from a host that is not trusted must change
# nothing: still the cached copy, and no request to the origin.
path=/catalog/$(page_id)
url="http://$CACHE_IP$path"
fetch "$url"
s1=$serial
fetch "$url"
# message keys: not-cached-first not-cached-first-no-status
[ "$serial" = "$s1" ] || fail_t "not-cached-first$(status_form "$xcache")" path="$path" xcache="$xcache"
fetch "$url" -H 'X-Cache-Refresh: 1'
origin_count "$path"
if [ "$serial" != "$s1" ] || [ "$origin_count" != 1 ]; then
  # message keys: refresh-untrusted refresh-untrusted-no-status
  fail_t "refresh-untrusted$(status_form "$xcache")" client_ip="$CLIENT_IP" serial="$serial" xcache="$xcache"
fi
pass_t refresh-client-ok xcache="${xcache:-HIT}" s1="$s1"
