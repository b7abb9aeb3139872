set -eu
# Ten requests to HAProxy on lb:8080, each on a new connection; both back ends must answer, evenly.
url="http://$LB_IP:8080/"
n=10 web1=0 web2=0 noserver=0 i=0
while [ "$i" -lt "$n" ]; do
  i=$((i + 1))
  if ! body=$(http_get "$url" 2>&1); then
    case "$body" in
      *refused* | *"Couldn't connect"*) fail_t haproxy-refused ;;
      *timed\ out*) fail_t haproxy-timeout lb_ip="$LB_IP" body="$body" ;;
      *) fail_t haproxy-request-failed i="$i" url="$url" body="$body" ;;
    esac
  fi
  case "$body" in
    *"Hello from web1"*) web1=$((web1 + 1)) ;;
    *"Hello from web2"*) web2=$((web2 + 1)) ;;
    *"is sick: /run/backend-sick"*)
      fail_t haproxy-backend-sick page="$(printf '%s' "$body" | head -n 1)" ;;
    *"No server is available"*) noserver=$((noserver + 1)) ;;
    *"Welcome to nginx"*)
      fail_t haproxy-nginx-default ;;
    *"503 Service Unavailable"*)
      fail_t haproxy-503 ;;
    *)
      fail_t haproxy-wrong-page page="$(printf '%s' "$body" | tr -s '\n' ' ' | head -c 100)" ;;
  esac
done
if [ "$noserver" -gt 0 ]; then
  [ "$noserver" -lt "$n" ] &&
    fail_t haproxy-some-no-server noserver="$noserver" n="$n"
  fail_t haproxy-all-down
fi
[ "$web2" -gt 0 ] ||
  fail_t haproxy-only-web1 n="$n" web2_ip="$WEB2_IP"
[ "$web1" -gt 0 ] ||
  fail_t haproxy-only-web2 n="$n" web1_ip="$WEB1_IP"
if [ "$web1" -lt 3 ] || [ "$web2" -lt 3 ]; then
  fail_t haproxy-uneven web1="$web1" web2="$web2" n="$n"
fi
pass_t haproxy-balances-ok n="$n" web1="$web1" web2="$web2"
