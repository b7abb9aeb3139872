set -eu
# The slow origin on origin:8080: a small HTTP server written in shell behind socat (one
# process per connection). Every answer takes about a second, and carries the origin's
# serial number (X-Origin-Serial, counting every request it served) and how many requests for
# that path reached it (X-Origin-Count). Each request is logged to /var/log/lab-origin.log.
# By path:
#   /prices/...   Cache-Control: public, max-age=3
#   /news/...     Cache-Control: no-store, and a Set-Cookie for a tracking cookie
#   /account/...  needs a login, HTTP basic authentication (any password) or a session
#                 cookie (session=NAME): 401 without; says whose account it is; no caching
#                 headers at all (a careless application)
#   /_origin/count/PATH  the number of requests for /PATH so far, at once (for the checks)
#   anything else: a catalogue page, no caching headers
mkdir -p /var/lib/lab-origin
: > /var/lib/lab-origin/serial
: > /var/log/lab-origin.log
cat > /usr/local/sbin/lab-origin <<'ORIGIN'
#!/bin/bash
# One HTTP request on stdin, its answer on stdout (started by socat for every connection).
set -u
log=/var/log/lab-origin.log
IFS=' ' read -r method target _ || exit 0
target=${target%$'\r'}
user=-
while IFS= read -r line; do
  line=${line%$'\r'}
  [ -z "$line" ] && break
  case "${line,,}" in
    authorization:\ basic\ *) user=$(printf '%s' "${line#* * }" | base64 -d 2>/dev/null | cut -d: -f1) ;;
    cookie:*session=*) [ "$user" = - ] && user=$(printf '%s' "${line#*session=}" | cut -d';' -f1) ;;
  esac
done
path=${target%%\?*}
reply() { # STATUS BODY [HEADER...]
  local status=$1 body=$2; shift 2
  printf 'HTTP/1.1 %s\r\nContent-Type: text/plain\r\nContent-Length: %s\r\nConnection: close\r\n' "$status" "${#body}"
  for h in "$@"; do printf '%s\r\n' "$h"; done
  printf '\r\n%s' "$body"
}
case "$path" in
  /_origin/count/*)
    n=$(awk -v p="/${path#/_origin/count/}" '$4 == p' "$log" | wc -l)
    reply '200 OK' "$n"$'\n'
    exit 0 ;;
esac
# Count the request, then take the time a slow application takes.
exec 9>>/var/lib/lab-origin/serial
flock 9
serial=$(( $(wc -l < /var/lib/lab-origin/serial) + 1 ))
echo "$serial" >&9
printf '%s #%s %s %s user=%s\n' "$(date +%T)" "$serial" "$method" "$path" "${user:--}" >> "$log"
count=$(awk -v p="$path" '$4 == p' "$log" | wc -l)
flock -u 9
sleep 1
now=$(date +%T)
meta=("X-Origin-Serial: $serial" "X-Origin-Count: $count")
case "$path" in
  /prices/*)
    reply '200 OK' "Prices for $target at $now (origin response #$serial)"$'\n' "${meta[@]}" 'Cache-Control: public, max-age=3' ;;
  /news/*)
    reply '200 OK' "News for $target at $now (origin response #$serial)"$'\n' "${meta[@]}" 'Cache-Control: no-store, no-cache' "Set-Cookie: visitor=v$serial; Path=/" ;;
  /account/*)
    if [ "$user" = - ] || [ -z "$user" ]; then
      reply '401 Unauthorized' "Log in to see your account (origin response #$serial)"$'\n' "${meta[@]}" 'WWW-Authenticate: Basic realm="shop"'
    else
      reply '200 OK' "Account of $user: 3 orders, balance 42.00 (origin response #$serial at $now)"$'\n' "${meta[@]}"
    fi ;;
  *)
    reply '200 OK' "Catalogue page $target at $now (origin response #$serial)"$'\n' "${meta[@]}" ;;
esac
ORIGIN
chmod 755 /usr/local/sbin/lab-origin
setsid socat TCP-LISTEN:8080,reuseaddr,fork,backlog=128 EXEC:/usr/local/sbin/lab-origin </dev/null >/dev/null 2>&1 &
for _ in $(seq 50); do ss -Hltn 'sport = :8080' | grep -q . && exit 0; sleep 0.1; done
echo "the origin did not start on port 8080" >&2
exit 1
