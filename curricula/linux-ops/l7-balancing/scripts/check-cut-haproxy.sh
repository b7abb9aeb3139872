set -eu
# Task "dead-backend", 2nd check, on lb. web2's link is cut. HAProxy's own health checks get no
# answer from web2, so within 20 s it marks web2 DOWN and sends every request to web1: six in a
# row from web1, each within 2.5 s, through lb:8080.
url="http://$LB_IP:8080/"
ask() { # one request through HAProxy; prints web1, web2, refused, slow, no-server or other
  rc=0
  b=$(curl -sS --noproxy '*' --connect-timeout 2 --max-time 2.5 -H 'Connection: close' "$url" 2>&1) || rc=$?
  case "$rc" in 0) ;; 7) echo refused; return ;; 28) echo slow; return ;; *) echo other; return ;; esac
  case "$b" in
    *"Hello from web1"*) echo web1 ;;
    *"Hello from web2"*) echo web2 ;;
    *"No server is available"*) echo no-server ;;
    *) echo other ;;
  esac
}
# web2's line of HAProxy's runtime socket, "status check_status", when the configuration has one.
web2_state() {
  sock=$(awk '$1 == "stats" && $2 == "socket" { print $3; exit }' /etc/haproxy/haproxy.cfg 2>/dev/null || true)
  [ -n "$sock" ] && [ -S "$sock" ] || return 0
  echo 'show stat' | socat -t 2 stdio "UNIX-CONNECT:$sock" 2>/dev/null | awk -F, -v ip="$WEB2_IP" '
    NR == 1 { sub(/^# */, ""); for (i = 1; i <= NF; i++) col[$i] = i; next }
    $col["type"] == 2 && index($col["addr"], ip ":") == 1 { print $col["status"], $col["check_status"]; exit }'
}

start=$(date +%s) run=0 seen='' a=''
while [ $(( $(date +%s) - start )) -lt 20 ]; do
  a=$(ask)
  case "$a" in
    refused) fail_t cut-haproxy-down ;;
    web1) run=$((run + 1)) ;;
    web2) broken "web2 answered through HAProxy although the platform cut its link: the drill did not take" ;;
    *) run=0 ;;
  esac
  seen="$seen $a"
  [ "$run" -ge 6 ] && break
  sleep 0.2
done
took=$(( $(date +%s) - start ))
state=$(web2_state)
if [ "$run" -lt 6 ]; then
  case "$state" in
    "no check"*) fail_t cut-haproxy-no-check ;;
  esac
  [ "$a" = no-server ] &&
    fail_t cut-haproxy-no-server
  last=$(printf '%s\n' $seen | tail -n 6 | paste -sd' ' -)
  [ -z "$state" ] ||
    fail_t cut-haproxy-slow-state last="$last" state="$state"
  fail_t cut-haproxy-slow last="$last"
fi
[ -z "$state" ] || pass_t cut-haproxy-ok-state state="$state" took="${took}"
pass_t cut-haproxy-ok took="${took}"
