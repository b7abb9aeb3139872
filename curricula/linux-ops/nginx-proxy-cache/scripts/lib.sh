# Shared by this exercise's checks (its `prelude`): functions only, nothing runs here.

# page_id: a path segment no check has asked for before, so its first request is a real miss
# whatever the cache key is.
page_id() {
  printf 'chk-%s-%s' "$(date +%s%N | cut -c 8-13)" "$$"
}

# status_form VALUE [VALUE2] (X-Cache-Status values, '' when the answer had no such header): the
# suffix of the message key for the answers a message names. Nothing when each had the header;
# -no-status when none had it; with two, -no-first-status or -no-second-status when only that
# one lacked it. Those messages say so (and a pass what the answer was) in their own words.
status_form() {
  if [ "$#" -eq 1 ]; then
    [ -n "$1" ] || echo -no-status
  elif [ -z "$1" ] && [ -z "$2" ]; then echo -no-status
  elif [ -z "$1" ]; then echo -no-first-status
  elif [ -z "$2" ]; then echo -no-second-status
  fi
}

# fetch URL [CURL_ARGS...]: one GET through the cache on a new connection. Sets $code (HTTP
# status), $took (seconds, e.g. 1.013), $xcache (the X-Cache-Status header, '' when absent),
# $serial and $count (the origin's X-Origin-Serial and X-Origin-Count of the answer: a copy
# from the cache carries the ones of the answer it copied), $setcookie (the Set-Cookie header)
# and $body. Fails, naming the mistake, when the cache cannot be reached or answers with
# something other than the origin's pages.
fetch() {
  local url=$1 hdr out rc=0 headers
  shift
  hdr=$(mktemp) || broken "mktemp failed on $(hostname)"
  out=$(curl -sS --noproxy '*' --connect-timeout 2 --max-time 6 -H 'Connection: close' -D "$hdr" \
    -w '\n@@%{http_code} %{time_total}' "$@" "$url" 2>&1) || rc=$?
  headers=$(tr -d '\r' < "$hdr")
  rm -f "$hdr"
  case "$rc" in
    0) ;;
    7) fail_t cache-refused hostport="$(printf %s "$url" | cut -d/ -f3)" ;;
    28) origin_up; fail_t cache-timeout url="$url" ;;
    *) fail_t get-failed url="$url" error="$(printf '%s\n' "$out" | grep 'curl:' | head -n 1)" ;;
  esac
  set -- $(printf '%s\n' "$out" | sed -n 's/^@@//p' | tail -n 1)
  code=$1 took=$2
  body=$(printf '%s\n' "$out" | sed '/^@@/d')
  xcache=$(header_of x-cache-status) serial=$(header_of x-origin-serial)
  count=$(header_of x-origin-count) setcookie=$(header_of set-cookie)
  case "$body" in
    *"Welcome to nginx"*) fail_t default-site url="$url" ;;
    *"502 Bad Gateway"*) origin_up; fail_t bad-gateway url="$url" origin_ip="$ORIGIN_IP" ;;
    *"504 Gateway Time"*) origin_up; fail_t gateway-timeout url="$url" origin_ip="$ORIGIN_IP" ;;
  esac
  [ -n "$serial" ] || { origin_up; fail_t not-from-origin url="$url" code="$code" origin_ip="$ORIGIN_IP" body="$(printf '%s' "$body" | tr -s '\n' ' ' | head -c 100)"; }
}

# origin_up: fails, saying so, when the lab's origin itself does not answer (the host was
# restarted, or its process killed): nginx is then not to blame for a 502 or a timeout.
origin_up() {
  curl -sS --noproxy '*' --connect-timeout 2 --max-time 4 -o /dev/null "http://$ORIGIN_IP:8080/_origin/count/" 2>/dev/null ||
    fail_t origin-down origin_ip="$ORIGIN_IP"
}

# header_of NAME: the value of header NAME (lower case) in $headers (fetch's).
header_of() {
  printf '%s\n' "$headers" | awk -v h="$1" 'tolower($0) ~ "^" h ":" { sub(/^[^:]*: */, ""); v = $0 } END { print v }'
}

# origin_count PATH: how many requests for PATH (without the query) reached the origin, asked
# of the origin directly. Sets $origin_count.
origin_count() {
  origin_count=$(curl -sS --noproxy '*' --connect-timeout 2 --max-time 3 "http://$ORIGIN_IP:8080/_origin/count$1" 2>/dev/null) ||
    origin_up
  case "$origin_count" in '' | *[!0-9]*) broken "the origin's /_origin/count$1 answered '$origin_count', not a number" ;; esac
}

# secs A B: is A (decimal seconds) below B? e.g. secs "$took" 0.5
secs() {
  awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 < b + 0) }'
}

# cache_validity PATH: run on cache. Fetches PATH (a new page) through nginx, finds the cache
# file nginx wrote for it (the one whose KEY line holds PATH, under a proxy_cache_path of
# `nginx -T`) and reads from its binary header how long nginx keeps the copy: the expiry
# (valid_sec, a 64-bit time at byte 8) less the time it was stored (date, at byte 40). Sets
# $validity (seconds), $expires (HH:MM:SS) and $cache_file; fails when nginx stored no file.
cache_validity() {
  local dirs version stored valid
  fetch "http://$CACHE_IP$1"
  dirs=$(nginx -T 2>/dev/null | awk '$1 == "proxy_cache_path" { gsub(/[";'"'"']/, "", $2); print $2 }' | sort -u)
  [ -n "$dirs" ] || fail_t no-cache-path path="$1"
  cache_file=''
  for _ in $(seq 20); do
    # the cache files themselves are named by 32 hex digits; temporary files have a suffix
    cache_file=$(find $dirs -type f -regextype posix-extended -regex '.*/[0-9a-f]{32}' -exec grep -laF -- "$1" {} + 2>/dev/null | head -n 1) || true
    [ -n "$cache_file" ] && break
    sleep 0.1
  done
  # message keys: no-cache-file no-cache-file-no-status
  [ -n "$cache_file" ] ||
    fail_t "no-cache-file$(status_form "$xcache")" path="$1" xcache="$xcache" dirs="$(echo $dirs)"
  set -- $(od -An -t d8 -N 48 "$cache_file")
  version=${1:-} valid=${2:-} stored=${6:-}
  [ "$version" = 5 ] && [ -n "$valid" ] && [ -n "$stored" ] ||
    broken "$cache_file does not start with the header of nginx's cache files as this check knows them (version '$version')"
  validity=$(( valid - stored ))
  expires=$(date -d "@$valid" +%T)
}
