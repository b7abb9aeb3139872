set -eu
# Requests to nginx on lb from client: both back ends must answer, about evenly.
url="http://$LB_IP/"
n=10 web1=0 web2=0

# classify BODY: counts a page from web1 or web2, fails with the mistake for anything else.
classify() {
  case "$1" in
    *"Hello from web1"*) web1=$((web1 + 1)) ;;
    *"Hello from web2"*) web2=$((web2 + 1)) ;;
    *"is sick: /run/backend-sick"*)
      fail "a back end answered 503 '$(printf '%s' "$1" | head -c 60)': remove its maintenance switch (rm /run/backend-sick on that host)" ;;
    *"Welcome to nginx"*)
      fail "lb answers with nginx's default 'Welcome to nginx!' page: the default site still serves port 80. Put proxy_pass http://<your upstream>; in the server that listens on port 80 (and remove /etc/nginx/sites-enabled/default)" ;;
    *"502 Bad Gateway"*)
      fail "lb answers 502 Bad Gateway: nginx cannot connect to a server of the upstream. Check the addresses and port 80 of web1 ($WEB1_IP) and web2 ($WEB2_IP); /var/log/nginx/error.log on lb says which one" ;;
    *"504 Gateway Time"*)
      fail "lb answers 504 Gateway Time-out: nginx waited in vain for a server of the upstream. Check the addresses of web1 ($WEB1_IP) and web2 ($WEB2_IP)" ;;
    *"No server is available"*)
      fail "HAProxy answers on port 80 ('No server is available'): this task wants nginx on port 80; HAProxy goes on port 8080 in the next task" ;;
    *)
      fail "lb answers on port 80, but not with a page from web1 or web2 (got: $(printf '%s' "$1" | tr -s '\n' ' ' | head -c 100))" ;;
  esac
}

# One request on its own connection first: does lb answer at all?
if ! body=$(http_get "$url" 2>&1); then
  case "$body" in
    *refused* | *"Couldn't connect"*) fail "lb refuses connections on port 80: is nginx running on lb? (nginx -t && nginx)" ;;
    *timed\ out*) fail "no answer from lb ($LB_IP) on port 80 within 5 s: is nginx listening there, and does it reach web1 and web2? ($body)" ;;
    *) fail "a request to $url failed: $body" ;;
  esac
fi
classify "$body"
web1=0 web2=0

# Then ten requests on ONE keep-alive connection. nginx balances requests, not connections, and
# each worker process keeps its own round-robin position (unless the upstream has a zone): on a
# host with many CPUs, ten new connections can land on ten fresh workers that all start with
# the first server. One connection is served by one worker, so round robin shows as 5 and 5.
urls='' i=0
while [ "$i" -lt "$n" ]; do urls="$urls $url"; i=$((i + 1)); done
# shellcheck disable=SC2086 # one word per URL
out=$(curl -sS --noproxy '*' --connect-timeout 2 --max-time 10 -w '\n@@end-of-response@@\n' $urls 2>&1) ||
  fail "lb stopped answering during ten requests on one connection: $(printf '%s\n' "$out" | grep 'curl:' | head -n 1)"
bodies=$(printf '%s\n' "$out" | awk 'BEGIN { RS = "@@end-of-response@@" } { gsub(/\n/, " "); if ($0 ~ /[^ ]/) print }')
while IFS= read -r body; do classify "$body"; done <<BODIES
$bodies
BODIES
n=$((web1 + web2))
[ "$n" -ge 6 ] || fail "only $n of 10 requests on one connection to lb got a page from web1 or web2"
[ "$web2" -gt 0 ] ||
  fail "only web1 answered $n of $n requests: is web2 ($WEB2_IP:80) in the upstream, with the right address and port? nginx quietly retries on the next server when it cannot connect to one ('connect() failed' in /var/log/nginx/error.log on lb). ip_hash or hash would also pin this client to one server, and 'backup' keeps web2 idle while web1 is up"
[ "$web1" -gt 0 ] ||
  fail "only web2 answered $n of $n requests: is web1 ($WEB1_IP:80) in the upstream, with the right address and port? nginx quietly retries on the next server when it cannot connect to one ('connect() failed' in /var/log/nginx/error.log on lb). ip_hash or hash would also pin this client to one server, and 'backup' keeps web1 idle while web2 is up"
if [ "$web1" -lt 3 ] || [ "$web2" -lt 3 ]; then
  fail "web1 answered $web1 and web2 $web2 of $n requests: plain round robin with equal weights gives two equal halves. Is there a weight= on one server, or a method such as random or hash in the upstream?"
fi
pass "nginx on lb spread $n requests: web1 $web1, web2 $web2"
