# Shared by this exercise's checks (its `prelude`): functions only, nothing runs here.

# page_id: a path segment no check has asked for before, so its first request is a real miss
# whatever the cache key is.
page_id() {
  printf 'chk-%s-%s' "$(date +%s%N | cut -c 8-13)" "$$"
}

# fetch URL [CURL_ARGS...]: one GET through the cache on a new connection. Sets $code (HTTP
# status), $took (seconds, e.g. 1.013), $xcache (the X-Cache-Status header, '' when absent),
# $serial and $count (the origin's X-Origin-Serial and X-Origin-Count of the answer: a copy
# from the cache carries the ones of the answer it copied), $setcookie (the Set-Cookie header)
# and $body. Fails, naming the mistake, when the cache cannot be reached or answers with
# something other than the origin's pages.
fetch() {
  local url=$1 hdr=/tmp/.opslab-fetch-headers out rc=0
  shift
  out=$(curl -sS --noproxy '*' --connect-timeout 2 --max-time 6 -H 'Connection: close' -D "$hdr" \
    -w '\n@@%{http_code} %{time_total}' "$@" "$url" 2>&1) || rc=$?
  case "$rc" in
    0) ;;
    7) fail "nothing answers HTTP at $(printf %s "$url" | cut -d/ -f3): is nginx running on cache and listening on port 80? (nginx -t && nginx)" ;;
    28) fail "no answer from $url within 6 s: the origin takes 1 s, so nginx or the origin hangs (/var/log/nginx/error.log on cache)" ;;
    *) fail "GET $url failed: $(printf '%s\n' "$out" | grep 'curl:' | head -n 1)" ;;
  esac
  set -- $(printf '%s\n' "$out" | sed -n 's/^@@//p' | tail -n 1)
  code=$1 took=$2
  body=$(printf '%s\n' "$out" | sed '/^@@/d')
  xcache=$(header_of "$hdr" x-cache-status) serial=$(header_of "$hdr" x-origin-serial)
  count=$(header_of "$hdr" x-origin-count) setcookie=$(header_of "$hdr" set-cookie)
  rm -f "$hdr"
  case "$body" in
    *"Welcome to nginx"*) fail "$url answers with nginx's 'Welcome to nginx!' page: the Debian default site still serves port 80 on cache. Put the proxy in the server that listens on port 80 (and remove /etc/nginx/sites-enabled/default)" ;;
    *"502 Bad Gateway"*) fail "$url answers 502 Bad Gateway: nginx cannot connect to the origin. proxy_pass must point at http://$ORIGIN_IP:8080 (/var/log/nginx/error.log on cache says what it tried)" ;;
    *"504 Gateway Time"*) fail "$url answers 504 Gateway Time-out: nginx waited for the origin in vain. proxy_pass must point at http://$ORIGIN_IP:8080" ;;
  esac
  [ -n "$serial" ] || fail "$url answered $code without the origin's X-Origin-Serial header, so it did not come from the origin on $ORIGIN_IP:8080 (got: $(printf '%s' "$body" | tr -s '\n' ' ' | head -c 100))"
}

# header_of FILE NAME: the value of header NAME (lower case) in a curl -D FILE.
header_of() {
  tr -d '\r' < "$1" | awk -v h="$2" 'tolower($0) ~ "^" h ":" { sub(/^[^:]*: */, ""); v = $0 } END { print v }'
}

# origin_count PATH: how many requests for PATH (without the query) reached the origin, asked
# of the origin directly. Sets $origin_count.
origin_count() {
  origin_count=$(curl -sS --noproxy '*' --connect-timeout 2 --max-time 3 "http://$ORIGIN_IP:8080/_origin/count$1" 2>/dev/null) ||
    broken "the origin on $ORIGIN_IP:8080 does not answer: the lab's origin is down (restart the lab)"
}

# secs A B: is A (decimal seconds) below B? e.g. secs "$took" 0.5
secs() {
  awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 < b + 0) }'
}
