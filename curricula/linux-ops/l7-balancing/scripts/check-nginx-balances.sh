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
      fail_t nginx-backend-sick page="$(printf '%s' "$1" | head -c 60)" ;;
    *"Welcome to nginx"*)
      fail_t nginx-default-page ;;
    *"502 Bad Gateway"*)
      fail_t nginx-502 web1_ip="$WEB1_IP" web2_ip="$WEB2_IP" ;;
    *"504 Gateway Time"*)
      fail_t nginx-504 web1_ip="$WEB1_IP" web2_ip="$WEB2_IP" ;;
    *"No server is available"*)
      fail_t nginx-port-80-haproxy ;;
    *)
      fail_t nginx-wrong-page page="$(printf '%s' "$1" | tr -s '\n' ' ' | head -c 100)" ;;
  esac
}

# One request on its own connection first: does lb answer at all?
if ! body=$(http_get "$url" 2>&1); then
  case "$body" in
    *refused* | *"Couldn't connect"*) fail_t nginx-refused ;;
    *timed\ out*) fail_t nginx-timeout lb_ip="$LB_IP" body="$body" ;;
    *) fail_t nginx-request-failed url="$url" body="$body" ;;
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
  fail_t nginx-keepalive-failed error="$(printf '%s\n' "$out" | grep 'curl:' | head -n 1)"
bodies=$(printf '%s\n' "$out" | awk 'BEGIN { RS = "@@end-of-response@@" } { gsub(/\n/, " "); if ($0 ~ /[^ ]/) print }')
while IFS= read -r body; do classify "$body"; done <<BODIES
$bodies
BODIES
n=$((web1 + web2))
[ "$n" -ge 6 ] || fail_t nginx-few-pages n="$n"
[ "$web2" -gt 0 ] ||
  fail_t nginx-only-web1 n="$n" web2_ip="$WEB2_IP"
[ "$web1" -gt 0 ] ||
  fail_t nginx-only-web2 n="$n" web1_ip="$WEB1_IP"
if [ "$web1" -lt 3 ] || [ "$web2" -lt 3 ]; then
  fail_t nginx-uneven web1="$web1" web2="$web2" n="$n"
fi
pass_t nginx-balances-ok n="$n" web1="$web1" web2="$web2"
