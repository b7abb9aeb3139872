set -eu
# Runs on web2. Makes web2 sick (its nginx answers 503 to everything, /health included, while
# the port still accepts connections) and expects HAProxy on lb:8080 to stop sending it
# requests within 20 s; then makes web2 healthy again.
sick=/run/backend-sick
log=/var/log/nginx/access.log
url="http://$LB_IP:8080/?opslab-check=$$"

ask() { # one request through HAProxy; prints web1, web2, web2-sick, web1-sick, no-server, down or other
  if ! b=$(http_get "$url" 2>&1); then echo down; return; fi
  case "$b" in
    *"Hello from web1"*) echo web1 ;;
    *"Hello from web2"*) echo web2 ;;
    *"web2 is sick"*) echo web2-sick ;;
    *"web1 is sick"*) echo web1-sick ;;
    *"No server is available"*) echo no-server ;;
    *) echo other ;;
  esac
}

[ -e "$sick" ] && fail "web2 is already in maintenance (/run/backend-sick exists on web2): rm /run/backend-sick, let HAProxy see it healthy again, then check"

# Before: both back ends must be in rotation, or this test proves nothing.
seen=''
for _ in 1 2 3 4 5 6; do seen="$seen $(ask)"; done
case "$seen" in
  *down*) fail "web2 cannot get an answer from HAProxy on lb:8080: start HAProxy first (the first checks of this task)" ;;
  *no-server*) fail "HAProxy on lb:8080 answers 'No server is available' while web1 and web2 are healthy: its health check fails on both (see the first check of this task)" ;;
esac
case "$seen" in *web1*) ;; *) fail "before the test, HAProxy on lb:8080 sends no requests to web1 (answers:$seen): pass the first checks of this task first" ;; esac
case "$seen" in *web2*) ;; *) fail "before the test, HAProxy on lb:8080 sends no requests to web2 (answers:$seen): pass the first checks of this task first" ;; esac

# Make web2 sick. A detached guard removes the switch even if this check is killed.
marker="opslab-check-$$"
echo "$marker" > "$sick"
setsid sh -c "sleep 60; [ \"\$(cat $sick 2>/dev/null)\" = $marker ] && rm -f $sick" </dev/null >/dev/null 2>&1 &
trap 'rm -f "$sick"' EXIT
lines_before=$(wc -l < "$log" 2>/dev/null || echo 0)
start=$(date +%s)

# During: within 20 s, six answers in a row must come from web1.
run=0 sick_answers=0 total=0 ok=no
while [ $(( $(date +%s) - start )) -lt 20 ]; do
  a=$(ask)
  total=$((total + 1))
  case "$a" in
    web1) run=$((run + 1)) ;;
    web2-sick) run=0; sick_answers=$((sick_answers + 1)) ;;
    *) run=0 ;;
  esac
  [ "$run" -ge 6 ] && { ok=yes; break; }
  sleep 0.3
done
took=$(( $(date +%s) - start ))

if [ "$ok" = no ]; then
  # What reached web2's nginx from lb while it was sick, apart from this check's own requests:
  # those are HAProxy's health checks (a TCP-only check sends no request at all).
  checks=$(tail -n +"$((lines_before + 1))" "$log" 2>/dev/null | awk -v lb="$LB_IP" '$1 == lb' | grep -v opslab-check || true)
  case "$a" in
    no-server) fail "HAProxy answers 'No server is available' while only web2 is sick: it also marks web1 DOWN (see the first check of this task)" ;;
    down) fail "HAProxy on lb:8080 stopped answering while web2 was sick" ;;
  esac
  if [ "$sick_answers" -gt 0 ] && [ -z "$checks" ]; then
    fail "web2 answered 503 for 20 s and HAProxy kept sending it requests ($sick_answers of $total answers were web2's 503): no HTTP health check reached web2. Add 'option httpchk GET /health' to the backend and 'check' to each server line; a plain 'check' only tests that the port accepts TCP connections, and web2's still does"
  fi
  if [ "$sick_answers" -gt 0 ]; then
    req=$(printf '%s\n' "$checks" | awk -F'"' 'NR == 1 { print $2 }')
    fail "HAProxy's health check (\"$req\") got 503 from web2, yet HAProxy kept sending web2 requests for 20 s ($sick_answers of $total answers were web2's 503): does 'http-check expect' accept 503, or are inter and fall so large that it takes longer than 20 s?"
  fi
  fail "with web2 sick, HAProxy did not send six requests in a row to web1 within 20 s (last answer: $a)"
fi

# After: web2 healthy again; wait (up to 12 s) until HAProxy uses it again, so the lab is as it was.
rm -f "$sick"
back=no
end=$(( $(date +%s) + 12 ))
while [ "$(date +%s)" -lt "$end" ]; do
  [ "$(ask)" = web2 ] && { back=yes; break; }
  sleep 0.3
done
[ "$back" = yes ] && pass "with web2 answering 503, HAProxy sent every request to web1 after ${took} s; web2 is healthy and back in rotation"
pass "with web2 answering 503, HAProxy sent every request to web1 after ${took} s; web2 is healthy again, but HAProxy has not taken it back yet (rise?)"
