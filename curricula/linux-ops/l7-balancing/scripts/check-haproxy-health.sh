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

[ -e "$sick" ] && fail_t health-web2-in-maintenance

# Before: both back ends must be in rotation, or this test proves nothing.
seen=''
for _ in 1 2 3 4 5 6; do seen="$seen $(ask)"; done
case "$seen" in
  *down*) fail_t health-no-answer ;;
  *no-server*) fail_t health-no-server ;;
esac
case "$seen" in *web1*) ;; *) fail_t health-no-web1 seen="$seen" ;; esac
case "$seen" in *web2*) ;; *) fail_t health-no-web2 seen="$seen" ;; esac

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
    no-server) fail_t health-web1-down-too ;;
    down) fail_t health-stopped ;;
  esac
  if [ "$sick_answers" -gt 0 ] && [ -z "$checks" ]; then
    fail_t health-no-http-check sick_answers="$sick_answers" total="$total"
  fi
  if [ "$sick_answers" -gt 0 ]; then
    req=$(printf '%s\n' "$checks" | awk -F'"' 'NR == 1 { print $2 }')
    fail_t health-check-ignored req="$req" sick_answers="$sick_answers" total="$total"
  fi
  fail_t health-not-moved a="$a"
fi

# After: web2 healthy again; wait (up to 12 s) until HAProxy uses it again, so the lab is as it was.
rm -f "$sick"
back=no
end=$(( $(date +%s) + 12 ))
while [ "$(date +%s)" -lt "$end" ]; do
  [ "$(ask)" = web2 ] && { back=yes; break; }
  sleep 0.3
done
[ "$back" = yes ] && pass_t health-ok-back took="${took}"
pass_t health-ok-not-back took="${took}"
