set -eu
# Ten requests to HAProxy on lb:8080, each on a new connection; both back ends must answer, evenly.
url="http://$LB_IP:8080/"
n=10 web1=0 web2=0 noserver=0 i=0
while [ "$i" -lt "$n" ]; do
  i=$((i + 1))
  if ! body=$(http_get "$url" 2>&1); then
    case "$body" in
      *refused* | *"Couldn't connect"*) fail "lb refuses connections on port 8080: is HAProxy running, with a frontend that binds :8080? (haproxy -c -f /etc/haproxy/haproxy.cfg, then service haproxy restart)" ;;
      *timed\ out*) fail "no answer from lb ($LB_IP) on port 8080 within 5 s ($body)" ;;
      *) fail "request $i to $url failed: $body" ;;
    esac
  fi
  case "$body" in
    *"Hello from web1"*) web1=$((web1 + 1)) ;;
    *"Hello from web2"*) web2=$((web2 + 1)) ;;
    *"is sick: /run/backend-sick"*)
      fail "a back end answered 503 '$(printf '%s' "$body" | head -n 1)' through HAProxy: remove its maintenance switch (rm /run/backend-sick on that host)" ;;
    *"No server is available"*) noserver=$((noserver + 1)) ;;
    *"Welcome to nginx"*)
      fail "nginx's default page answers on port 8080: port 8080 is for HAProxy" ;;
    *"503 Service Unavailable"*)
      fail "HAProxy on lb:8080 answers 503 Service Unavailable: does its frontend have a default_backend (or use_backend) with web1 and web2?" ;;
    *)
      fail "lb answers on port 8080, but not with a page from web1 or web2 (got: $(printf '%s' "$body" | tr -s '\n' ' ' | head -c 100))" ;;
  esac
done
if [ "$noserver" -gt 0 ]; then
  [ "$noserver" -lt "$n" ] &&
    fail "$noserver of $n requests to lb:8080 got 503 'No server is available' and the others a page from web1 or web2: two HAProxy processes with different configurations are probably running (ps -ef | grep haproxy on lb)"
  fail "HAProxy on lb:8080 answers 503 'No server is available': it marks every server DOWN. 'option httpchk' without a URI sends OPTIONS /, which nginx answers with 405: use 'option httpchk GET /health'. echo 'show stat' | socat stdio /run/haproxy/admin.sock shows each server's check_status and check_code"
fi
[ "$web2" -gt 0 ] ||
  fail "only web1 answered $n of $n requests through HAProxy: is web2 ($WEB2_IP:80) a server of the backend, and UP? ('balance source' pins one client to one server, and a 'backup' server stays idle while another is up.)"
[ "$web1" -gt 0 ] ||
  fail "only web2 answered $n of $n requests through HAProxy: is web1 ($WEB1_IP:80) a server of the backend, and UP? ('balance source' pins one client to one server, and a 'backup' server stays idle while another is up.)"
if [ "$web1" -lt 3 ] || [ "$web2" -lt 3 ]; then
  fail "web1 answered $web1 and web2 $web2 of $n requests through HAProxy: 'balance roundrobin' with equal weights gives 5 and 5. Is there a 'weight' on one server line, or another balance method?"
fi
pass "HAProxy on lb:8080 spread $n requests: web1 $web1, web2 $web2"
